// Package keyring keeps the data keys (Datenschlüssel, DEK) of the
// encrypted file store: one series of random 32-byte keys per tenant,
// stored in the database only wrapped by the master key (Hauptschlüssel,
// KEK), which lives outside it (AMTSWEG_BLOB_MASTER_KEY or the data
// directory's blob-master.key). It owns the tables blob_key and
// blob_keyring.
//
// New blobs of a tenant are sealed with its newest key version; older
// versions stay readable (tenant-key rotation, RotateTenant). The master
// key can change without downtime: a process accepts data keys wrapped
// by its master key or by any accepted older one, and RotateMaster
// rewraps every data key with the current master (docs/storage.md, the
// step-by-step procedure).
package keyring

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Keyring hands out the tenants' data keys; it implements blob.Keys.
type Keyring struct {
	db      *store.DB
	current Master
	masters map[string]Master // by ID: current and accepted
	cache   sync.Map          // slot → []byte; a version's key never changes
}

type slot struct {
	tenant  tenant.ID
	version uint32
}

// New returns the keyring on db wrapping with current; accepted are older
// master keys whose wrapped data keys it can still open.
func New(db *store.DB, current Master, accepted ...Master) *Keyring {
	k := &Keyring{db: db, current: current, masters: map[string]Master{current.ID: current}}
	for _, m := range accepted {
		k.masters[m.ID] = m
	}
	return k
}

// MasterID is the ID of the current master key.
func (k *Keyring) MasterID() string { return k.current.ID }

// Current implements blob.Keys: it reads the newest version each time,
// so a rotation by another process applies to the next Put here.
func (k *Keyring) Current(ctx context.Context, t tenant.ID) (uint32, []byte, error) {
	var version uint32
	var wrapped []byte
	var masterID string
	err := k.db.QueryRowContext(ctx, `SELECT version, wrapped, master_id FROM blob_key
		WHERE tenant_id = $1 ORDER BY version DESC LIMIT 1`, int64(t)).Scan(&version, &wrapped, &masterID)
	if errors.Is(err, sql.ErrNoRows) {
		if err := k.create(ctx, t, 1); err != nil {
			return 0, nil, err
		}
		return k.Current(ctx, t)
	}
	if err != nil {
		return 0, nil, fmt.Errorf("keyring: read data key: %w", err)
	}
	dek, err := k.open(t, version, wrapped, masterID)
	return version, dek, err
}

// Key implements blob.Keys.
func (k *Keyring) Key(ctx context.Context, t tenant.ID, version uint32) ([]byte, error) {
	return k.KeyIn(ctx, k.db, t, version)
}

// KeyIn is Key reading an uncached data key through q: a caller inside a
// transaction passes it, so that it never waits for a second connection
// from the pool (see store.DB.LimitConnections).
func (k *Keyring) KeyIn(ctx context.Context, q store.Querier, t tenant.ID, version uint32) ([]byte, error) {
	if dek, ok := k.cache.Load(slot{t, version}); ok {
		return dek.([]byte), nil
	}
	var wrapped []byte
	var masterID string
	err := q.QueryRowContext(ctx, `SELECT wrapped, master_id FROM blob_key
		WHERE tenant_id = $1 AND version = $2`, int64(t), version).Scan(&wrapped, &masterID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "no data key %d for tenant %d", version, t)
	}
	if err != nil {
		return nil, fmt.Errorf("keyring: read data key: %w", err)
	}
	return k.open(t, version, wrapped, masterID)
}

// open unwraps a stored data key with the master that wrapped it.
func (k *Keyring) open(t tenant.ID, version uint32, wrapped []byte, masterID string) ([]byte, error) {
	if dek, ok := k.cache.Load(slot{t, version}); ok {
		return dek.([]byte), nil
	}
	m, ok := k.masters[masterID]
	if !ok {
		return nil, fmt.Errorf("keyring: data key %d of tenant %d is wrapped by master key %s, which this process does not have (AMTSWEG_BLOB_MASTER_KEYS_ACCEPTED)", version, t, masterID)
	}
	dek, err := m.unwrap(t, version, wrapped)
	if err != nil {
		return nil, err
	}
	k.cache.Store(slot{t, version}, dek)
	return dek, nil
}

// create inserts a new random data key version; a version another
// process inserted first wins, and that is as good.
func (k *Keyring) create(ctx context.Context, t tenant.ID, version uint32) error {
	_, err := k.db.ExecContext(ctx, `INSERT INTO blob_key (tenant_id, version, wrapped, master_id, created_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, version) DO NOTHING`,
		int64(t), version, k.current.wrap(t, version, newDEK()), k.current.ID, time.Now().UTC())
	if err != nil {
		return fmt.Errorf("keyring: create data key: %w", err)
	}
	return nil
}

func newDEK() []byte {
	b := make([]byte, 32)
	rand.Read(b)
	return b
}

// Check fails when a data key is wrapped by a master key this process
// does not have: a process started with another master key (a data
// directory of its own, a forgotten variable) stops at start with a
// clear message instead of failing the first upload.
func (k *Keyring) Check(ctx context.Context) error {
	ids, err := store.All(ctx, k.db, store.Column[string], `SELECT DISTINCT master_id FROM blob_key`)
	if err != nil {
		return fmt.Errorf("keyring: list master keys: %w", err)
	}
	for _, id := range ids {
		if _, ok := k.masters[id]; !ok {
			return fmt.Errorf("keyring: data keys are wrapped by master key %s, which this process does not have (its own is %s): give every process the same AMTSWEG_BLOB_MASTER_KEY, and during a master key rotation the other in AMTSWEG_BLOB_MASTER_KEYS_ACCEPTED", id, k.current.ID)
		}
	}
	return nil
}
