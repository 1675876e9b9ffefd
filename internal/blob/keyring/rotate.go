package keyring

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// RotateTenant adds a new data key version for tenant t (Schlüsselwechsel):
// blobs stored from now on use it, older blobs keep theirs until
// `amtsweg keys reencrypt` rewrites them. It returns the new version. Each
// call adds one version; a retry after a failure adds at most one, since
// the version and its audit entry commit together.
func (k *Keyring) RotateTenant(ctx context.Context, t tenant.ID, actor string) (uint32, error) {
	var version uint32
	err := k.db.Tx(ctx, func(tx *store.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM blob_key WHERE tenant_id = $1`,
			int64(t)).Scan(&version); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO blob_key (tenant_id, version, wrapped, master_id, created_at)
			VALUES ($1, $2, $3, $4, $5)`, int64(t), version, k.current.wrap(t, version, newDEK()), k.current.ID, time.Now().UTC()); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{TenantID: int64(t), Actor: actor, Action: "blob.key.rotate",
			ObjectType: "blob_key", ObjectID: strconv.FormatUint(uint64(version), 10)})
	})
	if err != nil {
		return 0, fmt.Errorf("keyring: rotate data key of tenant %d: %w", t, err)
	}
	return version, nil
}

// wrappedKey is one row of blob_key.
type wrappedKey struct {
	tenant   tenant.ID
	version  uint32
	wrapped  []byte
	masterID string
}

// RotateMaster rewraps every data key not wrapped by the current master
// key with it and returns how many. Each row is rewrapped in its own
// statement, guarded by the old master ID, so running it twice, or in two
// processes at once, changes each row once; serving processes that know
// both masters read either form meanwhile. One audit entry records the
// run when it changed anything.
func (k *Keyring) RotateMaster(ctx context.Context, actor string) (int, error) {
	rows, err := store.All(ctx, k.db, func(r store.Row) (wrappedKey, error) {
		var w wrappedKey
		err := r.Scan(&w.tenant, &w.version, &w.wrapped, &w.masterID)
		return w, err
	}, `SELECT tenant_id, version, wrapped, master_id FROM blob_key WHERE master_id <> $1 ORDER BY tenant_id, version`, k.current.ID)
	if err != nil {
		return 0, fmt.Errorf("keyring: list data keys: %w", err)
	}
	n := 0
	for _, w := range rows {
		changed, err := k.rewrap(ctx, w)
		if err != nil {
			return n, err
		}
		n += changed
	}
	if n == 0 {
		return 0, nil
	}
	err = k.db.Tx(ctx, func(tx *store.Tx) error {
		return audit.Append(ctx, tx, audit.Entry{Actor: actor, Action: "blob.master.rotate",
			ObjectType: "blob_master", ObjectID: k.current.ID, Details: map[string]any{"rewrapped": n}})
	})
	return n, err
}

// rewrap moves one data key to the current master.
func (k *Keyring) rewrap(ctx context.Context, w wrappedKey) (int, error) {
	m, ok := k.masters[w.masterID]
	if !ok {
		return 0, fmt.Errorf("keyring: data key %d of tenant %d is wrapped by master key %s, which is neither the current nor an accepted one", w.version, w.tenant, w.masterID)
	}
	dek, err := m.unwrap(w.tenant, w.version, w.wrapped)
	if err != nil {
		return 0, err
	}
	res, err := k.db.ExecContext(ctx, `UPDATE blob_key SET wrapped = $1, master_id = $2
		WHERE tenant_id = $3 AND version = $4 AND master_id = $5`,
		k.current.wrap(w.tenant, w.version, dek), k.current.ID, int64(w.tenant), w.version, w.masterID)
	if err != nil {
		return 0, fmt.Errorf("keyring: rewrap: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}
