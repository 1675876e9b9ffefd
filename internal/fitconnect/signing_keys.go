package fitconnect

import (
	"context"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// SigningKey is one of a tenant's signing keys (Signaturschlüssel) as the
// operator sees it: every key is published in the JWKS; the newest signs.
type SigningKey struct {
	Kid     string
	Created time.Time
	Signing bool // the newest: routes are signed with it
}

// RetireAfter is how long a key must have had a successor before it may
// be retired: processes sign with the key they read for signerReload, and
// a route's signatures are reused for an hour (route_cache.go), so until
// then a sender may still be given a signature of the old key, which it
// can only verify while that key is published.
const RetireAfter = 2 * time.Hour

// SigningKeyList lists tenantID's signing keys, newest first.
func SigningKeyList(ctx context.Context, db *store.DB, tenantID tenant.ID) ([]SigningKey, error) {
	rows, err := db.QueryContext(ctx, `SELECT kid, created_at FROM fitconnect_signing_key WHERE tenant_id = $1
		ORDER BY created_at DESC, kid`, tenantID)
	if err != nil {
		return nil, fmt.Errorf("fitconnect: signing keys: %w", err)
	}
	var out []SigningKey
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var k SigningKey
		if err := row.Scan(&k.Kid, &k.Created); err != nil {
			return err
		}
		k.Signing = len(out) == 0
		out = append(out, k)
		return nil
	})
	return out, err
}

// RotateSigningKey makes a new signing key for tenantID (a rollover, say
// once a year or when a key may be compromised) and returns its kid. The
// old keys stay published, so signatures made with them still verify;
// every process signs with the new key within signerReload. actor is
// audited.
func RotateSigningKey(ctx context.Context, db *store.DB, secrets Sealer, actor string, tenantID tenant.ID) (string, error) {
	if secrets == nil {
		return "", fault.New(fault.Unavailable, "FIT-Connect signing needs the key store (no sealer configured)")
	}
	return createSigningKey(ctx, db, secrets, actor, tenantID)
}

// RetireSigningKey removes the signing key kid of tenantID, which then
// is no longer published: signatures made with it stop verifying. The
// newest key cannot be retired (rotate first), nor one whose successor is
// younger than RetireAfter at now. actor is audited.
func RetireSigningKey(ctx context.Context, db *store.DB, actor string, tenantID tenant.ID, kid string, now time.Time) error {
	keys, err := SigningKeyList(ctx, db, tenantID)
	if err != nil {
		return err
	}
	for i, k := range keys {
		if k.Kid != kid {
			continue
		}
		if i == 0 {
			return fault.New(fault.Conflict, "key %s signs the routes: make a new key first (rotate), then retire this one", kid)
		}
		if since := now.Sub(keys[i-1].Created); since < RetireAfter {
			return fault.New(fault.Conflict, "key %s was replaced %s ago; retire it after %s, when no signature of it is handed out any more",
				kid, since.Round(time.Minute), RetireAfter)
		}
		return retire(ctx, db, actor, tenantID, kid)
	}
	return fault.New(fault.NotFound, "tenant %d has no FIT-Connect signing key %s", tenantID, kid)
}

func retire(ctx context.Context, db *store.DB, actor string, tenantID tenant.ID, kid string) error {
	return db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM fitconnect_signing_key WHERE tenant_id = $1 AND kid = $2`,
			tenantID, kid); err != nil {
			return fmt.Errorf("fitconnect: retire signing key: %w", err)
		}
		return audit.Append(ctx, tx, audit.Entry{TenantID: int64(tenantID), Actor: actor,
			Action: "fitconnect.signing_key_retired", ObjectType: "tenant", ObjectID: fmt.Sprint(tenantID),
			Details: map[string]any{"kid": kid}})
	})
}

// RotateSigningKey is RotateSigningKey of the running portal: its own
// process signs with the new key at once, not only after signerReload.
func (s *Service) RotateSigningKey(ctx context.Context, actor string, tenantID tenant.ID) (string, error) {
	kid, err := RotateSigningKey(ctx, s.db, s.secrets, actor, tenantID)
	s.signers.Delete(tenantID)
	return kid, err
}
