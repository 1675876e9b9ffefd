package app

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/blob/keyring"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/store"
)

// EnvBlobMasterKey names the variable with the master key (64 hex digits)
// that wraps the tenants' data keys of the encrypted file store. Without
// it the key is kept in <data>/blob-master.key, created on first start;
// every process of an installation needs the same key, and a backup of
// the files is useless without it (docs/storage.md).
const EnvBlobMasterKey = "AMTSWEG_BLOB_MASTER_KEY"

// EnvBlobMasterKeysAccepted names the variable with older (or, before a
// switch, newer) master keys a process also accepts for unwrapping,
// comma-separated, during a master key rotation; without it the lines of
// <data>/blob-master-accepted.keys, if that file exists.
const EnvBlobMasterKeysAccepted = "AMTSWEG_BLOB_MASTER_KEYS_ACCEPTED"

// OpenBlobs opens the configured file store (--blob-url) and seals it
// with the keyring on db: the Store every capability uses, and the
// keyring for the key commands.
func OpenBlobs(ctx context.Context, db *store.DB, cfg config.Config) (*blob.Sealed, *keyring.Keyring, error) {
	backend, err := blob.Open(ctx, cfg.BlobURL, cfg.BlobDir())
	if err != nil {
		return nil, nil, err
	}
	keys, err := Keyring(db, cfg)
	if err != nil {
		return nil, nil, err
	}
	if err := keys.Check(ctx); err != nil {
		return nil, nil, err
	}
	plaintext, err := keys.Plaintext(ctx, func(ctx context.Context) (bool, error) { return hasBlobs(ctx, backend) })
	if err != nil {
		return nil, nil, err
	}
	return blob.NewSealed(backend, keys, plaintext), keys, nil
}

// Keyring builds the keyring from the master keys of the environment or
// the data directory.
func Keyring(db *store.DB, cfg config.Config) (*keyring.Keyring, error) {
	key, err := secretKey(EnvBlobMasterKey, cfg.DataDir, "blob-master.key")
	if err != nil {
		return nil, err
	}
	return keyringOf(db, cfg, key)
}

// GivenKeyring is Keyring without creating a master key: nil when neither
// the variable nor the data directory gives one. A restore checks the key
// the operator gave the new installation and must not make one up.
func GivenKeyring(db *store.DB, cfg config.Config) (*keyring.Keyring, error) {
	key, err := readSecret(EnvBlobMasterKey, cfg.DataDir, "blob-master.key")
	if key == nil || err != nil {
		return nil, err
	}
	return keyringOf(db, cfg, key)
}

// keyringOf is the keyring with current master key and the accepted ones.
func keyringOf(db *store.DB, cfg config.Config, key []byte) (*keyring.Keyring, error) {
	current, err := keyring.NewMaster(key)
	if err != nil {
		return nil, err
	}
	accepted, err := acceptedMasters(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	return keyring.New(db, current, accepted...), nil
}

func acceptedMasters(dataDir string) ([]keyring.Master, error) {
	if v := os.Getenv(EnvBlobMasterKeysAccepted); v != "" {
		m, err := keyring.ParseMasters(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", EnvBlobMasterKeysAccepted, err)
		}
		return m, nil
	}
	path := filepath.Join(dataDir, "blob-master-accepted.keys")
	raw, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	m, err := keyring.ParseMasters(string(raw))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

// errFound stops a walk at the first blob.
var errFound = errors.New("found")

func hasBlobs(ctx context.Context, l blob.Lister) (bool, error) {
	err := l.Walk(ctx, func(blob.Entry) error { return errFound })
	if errors.Is(err, errFound) {
		return true, nil
	}
	return false, err
}

// sealSecrets seals the webhook secrets stored in clear before sealing
// existed (the TOTP seeds: newAccounts).
func (a *App) sealSecrets(ctx context.Context) error {
	n, err := apiclient.SealSecrets(ctx, a.DB, a.Keys)
	if n > 0 {
		a.log.Info("sealed webhook secrets stored in clear", "count", n)
	}
	return err
}
