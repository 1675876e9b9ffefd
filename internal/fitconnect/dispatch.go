package fitconnect

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// SealJob seals case CaseID for authority AuthorityID.
type SealJob struct {
	TenantID    tenant.ID `json:"tenant_id"`
	CaseID      int64     `json:"case_id"`
	AuthorityID int64     `json:"authority_id"`
}

// Kind names the job.
func (SealJob) Kind() string { return "fitconnect.seal" }

// Dispatch enqueues a SealJob for every case.routed event, after each
// tenant's cursor, whose authority has a key. Safe in many processes at
// once: each tenant is done under its cursor row's lock, and the job is
// unique per case and authority.
func (s *Service) Dispatch(ctx context.Context) error {
	rows, err := s.db.QueryContext(ctx, `SELECT tenant_id FROM fitconnect_cursor ORDER BY tenant_id`)
	if err != nil {
		return fmt.Errorf("fitconnect: tenants: %w", err)
	}
	tenants, err := store.IDs(rows)
	if err != nil {
		return fmt.Errorf("fitconnect: tenants: %w", err)
	}
	for _, t := range tenants {
		if err := s.db.Tx(ctx, func(tx *store.Tx) error { return s.dispatchTenant(ctx, tx, tenant.ID(t)) }); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) dispatchTenant(ctx context.Context, tx *store.Tx, tenantID tenant.ID) error {
	var cursor int64
	if err := tx.QueryRowContext(ctx, `UPDATE fitconnect_cursor SET last_seq = last_seq WHERE tenant_id = $1
		RETURNING last_seq`, tenantID).Scan(&cursor); err != nil {
		return fmt.Errorf("fitconnect: lock cursor of tenant %d: %w", tenantID, err)
	}
	es, err := events.Feed(ctx, tx, events.Scope{TenantID: tenantID}, cursor, events.MaxPage)
	if err != nil || len(es) == 0 {
		return err
	}
	for _, e := range es {
		if e.Type != events.Routed || e.CaseID == 0 {
			continue
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM fitconnect_key WHERE authority_id = $1 AND tenant_id = $2`,
			e.AuthorityID, tenantID).Scan(&n); err != nil {
			return fmt.Errorf("fitconnect: key lookup: %w", err)
		}
		if n == 0 {
			continue
		}
		j := SealJob{TenantID: tenantID, CaseID: e.CaseID, AuthorityID: e.AuthorityID}
		if _, err := s.q.EnqueueTx(ctx, tx, j, jobs.UniqueKey(fmt.Sprintf("%d/%d", j.CaseID, j.AuthorityID))); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE fitconnect_cursor SET last_seq = $1 WHERE tenant_id = $2`, es[len(es)-1].Seq, tenantID)
	return err
}
