package keyring

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Plaintext reports whether files written before encryption existed may
// still be in the store, so that the store must read blobs without a
// sealed header as they are. The answer is fixed at the keyring's first
// start: then the store is asked whether it holds any file (hasFiles); a
// new installation never reads plaintext, so no crafted file can pass for
// one of its own. `amtsweg keys reencrypt` clears it (ClearPlaintext).
func (k *Keyring) Plaintext(ctx context.Context, hasFiles func(context.Context) (bool, error)) (bool, error) {
	var legacy bool
	err := k.db.QueryRowContext(ctx, `SELECT legacy_plaintext FROM blob_keyring WHERE id = 1`).Scan(&legacy)
	if err == nil {
		return legacy, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return false, fmt.Errorf("keyring: read state: %w", err)
	}
	found, err := hasFiles(ctx)
	if err != nil {
		return false, err
	}
	if _, err := k.db.ExecContext(ctx, `INSERT INTO blob_keyring (id, legacy_plaintext, created_at)
		VALUES (1, $1, $2) ON CONFLICT (id) DO NOTHING`, found, time.Now().UTC()); err != nil {
		return false, fmt.Errorf("keyring: write state: %w", err)
	}
	return k.Plaintext(ctx, hasFiles)
}

// ClearPlaintext records that every file is sealed: processes started
// from now on refuse blobs without a sealed header.
func (k *Keyring) ClearPlaintext(ctx context.Context, actor string) error {
	return k.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE blob_keyring SET legacy_plaintext = $1 WHERE id = 1 AND legacy_plaintext = $2`, false, true)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return audit.Append(ctx, tx, audit.Entry{Actor: actor, Action: "blob.plaintext.sealed", ObjectType: "blob_keyring", ObjectID: "1"})
	})
}
