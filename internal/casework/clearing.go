package casework

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// ClearingKey is the authority key (catalog authority_key) of the clearing
// office EnsureClearing creates.
const ClearingKey = "clearingstelle"

func clearingOf(ctx context.Context, q store.Querier, tenantID tenant.ID) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT authority_id FROM case_clearing WHERE tenant_id = $1`, tenantID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fault.New(fault.NotFound, "tenant %d has no clearing office", tenantID)
	}
	return id, err
}

// Clearing returns the id of the tenant's clearing office (Clearingstelle),
// or fault.NotFound when none is configured yet.
func Clearing(ctx context.Context, q store.Querier, tenantID tenant.ID) (int64, error) {
	return clearingOf(ctx, q, tenantID)
}

// EnsureClearing returns the tenant's clearing office, creating it when
// missing: the tenant's authority with key "clearingstelle", added to the
// catalog's authorities if it does not exist (the catalog has no API to
// add a single authority). Staff of the clearing office are ordinary staff
// with roles at that authority; tenant admins act as its heads of unit.
func (s *Service) EnsureClearing(ctx context.Context, tenantID tenant.ID) (int64, error) {
	var id int64
	err := s.db.Tx(ctx, func(tx *store.Tx) (err error) {
		id, err = s.ensureClearing(ctx, tx, tenantID)
		return err
	})
	return id, err
}

func (s *Service) ensureClearing(ctx context.Context, tx *store.Tx, tenantID tenant.ID) (int64, error) {
	if id, err := clearingOf(ctx, tx, tenantID); err == nil || !fault.Is(err, fault.NotFound) {
		return id, err
	}
	name, err := tenant.Name(ctx, tx, tenantID)
	if err != nil {
		return 0, fmt.Errorf("casework: tenant %d: %w", tenantID, err)
	}
	id, err := catalog.EnsureAuthorityTx(ctx, tx, tenantID, ClearingKey, "Clearingstelle "+name, "Clearingstelle", s.now())
	if err != nil {
		return 0, fmt.Errorf("casework: clearing authority: %w", err)
	}
	return id, s.setClearing(ctx, tx, "system", tenantID, id)
}

// SetClearing makes an existing authority of the tenant its clearing
// office; actor is recorded in the audit log. Only tenant admins may call
// it (the caller checks).
func (s *Service) SetClearing(ctx context.Context, actor string, tenantID tenant.ID, authorityID int64) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := catalog.GetAuthority(ctx, tx, tenantID, authorityID); err != nil {
			return err
		}
		return s.setClearing(ctx, tx, actor, tenantID, authorityID)
	})
}

func (s *Service) setClearing(ctx context.Context, tx *store.Tx, actor string, tenantID tenant.ID, authorityID int64) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO case_clearing (tenant_id, authority_id) VALUES ($1, $2)
		ON CONFLICT (tenant_id) DO UPDATE SET authority_id = excluded.authority_id`, tenantID, authorityID); err != nil {
		return fmt.Errorf("casework: set clearing: %w", err)
	}
	return audit.Append(ctx, tx, audit.Entry{At: s.now(), TenantID: int64(tenantID), Actor: actor,
		Action: "case.clearing_set", ObjectType: "authority", ObjectID: strconv.FormatInt(authorityID, 10)})
}

type hashed struct {
	Size   int64
	SHA256 string
}

func hashReader(rc io.ReadCloser) (hashed, error) {
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(h, rc)
	if err != nil {
		return hashed{}, fmt.Errorf("casework: read blob: %w", err)
	}
	return hashed{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}
