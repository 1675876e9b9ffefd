package blobtest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/blob/keyring"
	"github.com/amtsweg/amtsweg/internal/store"
)

// MasterKey is the master key of Sealed and Open: fixed, so that a test's
// child processes read what the parent wrote. Tests only.
var MasterKey = func() []byte { s := sha256.Sum256([]byte("amtsweg test master key")); return s[:] }()

// Random returns a random master key.
func Random(t testing.TB) keyring.Master {
	b := make([]byte, 32)
	rand.Read(b)
	m, err := keyring.NewMaster(b)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Sealed returns the encrypted store on the disk directory dir with a
// keyring on db under MasterKey.
func Sealed(t testing.TB, db *store.DB, dir string) *blob.Sealed {
	return SealedKey(t, db, dir, MasterKey)
}

// SealedKey is Sealed with the master key key (a running app's).
func SealedKey(t testing.TB, db *store.DB, dir string, key []byte) *blob.Sealed {
	s, err := open(db, dir, key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// SealedURL is SealedKey on the backend blobURL names (blob.Open: ""
// is the disk directory dir, s3://… a bucket); a nil key is MasterKey.
func SealedURL(t testing.TB, db *store.DB, blobURL, dir string, key []byte) *blob.Sealed {
	if key == nil {
		key = MasterKey
	}
	s, err := openURL(db, blobURL, dir, key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Open is Sealed for code without a testing.TB (a test's child process).
func Open(db *store.DB, dir string) (*blob.Sealed, error) { return open(db, dir, MasterKey) }

func open(db *store.DB, dir string, key []byte) (*blob.Sealed, error) {
	return openURL(db, "", dir, key)
}

func openURL(db *store.DB, blobURL, dir string, key []byte) (*blob.Sealed, error) {
	disk, err := blob.Open(context.Background(), blobURL, dir)
	if err != nil {
		return nil, err
	}
	m, err := keyring.NewMaster(key)
	if err != nil {
		return nil, err
	}
	return blob.NewSealed(disk, keyring.New(db, m), false), nil
}

// Keys returns the keyring on db under MasterKey (sealed values).
func Keys(t testing.TB, db *store.DB) *keyring.Keyring {
	m, err := keyring.NewMaster(MasterKey)
	if err != nil {
		t.Fatal(err)
	}
	return keyring.New(db, m)
}

// MasterKeyOf returns the master key a running app keeps in its data
// directory dir (blob-master.key).
func MasterKeyOf(t testing.TB, dir string) []byte {
	raw, err := os.ReadFile(filepath.Join(dir, "blob-master.key"))
	if err != nil {
		t.Fatal(err)
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// KeysOf returns the keyring on db under the master key of the running
// app with data directory dir.
func KeysOf(t testing.TB, db *store.DB, dir string) *keyring.Keyring {
	m, err := keyring.NewMaster(MasterKeyOf(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	return keyring.New(db, m)
}
