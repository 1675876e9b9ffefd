package casework

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// StatsScope is whose figures a staff member's statistics cover
// (Auswertungsbereich). It follows from the Staff principal alone.
type StatsScope struct {
	TenantID tenant.ID
	// Tenant is set for tenant admins: every authority of the tenant.
	Tenant bool
	// Authorities are the authorities covered: those the staff member
	// works at as case worker or head of unit, all of the tenant's for a
	// tenant admin, or the one authority of the filter.
	Authorities []int64
	// Heads reports whether the staff member heads an authority of the
	// scope or administers the tenant (Leitung sees more than the figures
	// of its own units: the comparison between authorities).
	Heads bool
}

// StatsScope returns the statistics scope of staff (without a filter);
// staff without cases to count is fault.Forbidden.
func (s *Service) StatsScope(ctx context.Context, staff Staff) (StatsScope, error) {
	return s.statsScope(ctx, staff, 0)
}

// statsScope is the scope of staff narrowed to authorityID (0: none).
func (s *Service) statsScope(ctx context.Context, staff Staff, authorityID int64) (StatsScope, error) {
	sc := StatsScope{TenantID: staff.TenantID, Tenant: staff.IsTenantAdmin(), Authorities: staff.Authorities()}
	for _, id := range sc.Authorities {
		sc.Heads = sc.Heads || staff.IsHead(id)
	}
	sc.Heads = sc.Heads || sc.Tenant
	if !sc.Tenant && len(sc.Authorities) == 0 {
		return StatsScope{}, fault.New(fault.Forbidden, "statistics are for staff working on cases")
	}
	if authorityID == 0 {
		if sc.Tenant {
			return sc, sc.tenantAuthorities(ctx, s.db)
		}
		return sc, nil
	}
	if !sc.Tenant && !slices.Contains(sc.Authorities, authorityID) {
		return StatsScope{}, fault.New(fault.Forbidden, "statistics of an authority outside your units")
	}
	if sc.Tenant {
		if _, err := catalog.GetAuthority(ctx, s.db, staff.TenantID, authorityID); err != nil {
			return StatsScope{}, err
		}
	}
	sc.Tenant, sc.Authorities = false, []int64{authorityID}
	return sc, nil
}

// tenantAuthorities sets the scope's authorities to all of the tenant's:
// every case belongs to one of them (the composite foreign key), and the
// explicit list lets each statement use its index per authority instead
// of reading every case of the tenant.
func (sc *StatsScope) tenantAuthorities(ctx context.Context, q store.Querier) error {
	as, err := catalog.ListAuthorities(ctx, q, sc.TenantID)
	if err != nil {
		return err
	}
	sc.Authorities = make([]int64, len(as))
	for i, a := range as {
		sc.Authorities[i] = a.ID
	}
	slices.Sort(sc.Authorities)
	return nil
}

// where returns the SQL condition on case_record c beyond its tenant
// (c.tenant_id = $1, which every statement writes itself) for the scope
// and the procedure (all when ""), and the arguments from $1 on.
func (sc StatsScope) where(procedureID string) (string, []any) {
	ids := make([]string, len(sc.Authorities))
	for i, id := range sc.Authorities {
		ids[i] = strconv.FormatInt(id, 10)
	}
	q, args := " AND c.authority_id IN ("+strings.Join(ids, ",")+")", []any{sc.TenantID}
	if len(ids) == 0 {
		q = " AND 1 = 0"
	}
	if procedureID != "" {
		args = append(args, procedureID)
		q += fmt.Sprintf(" AND c.procedure_id = $%d", len(args))
	}
	return q, args
}
