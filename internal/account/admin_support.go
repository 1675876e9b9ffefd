package account

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// StaffMember is a staff account of a tenant with its roles, for the
// tenant admin's staff list.
type StaffMember struct {
	ID    int64
	Name  string
	Email string
	State State
	Roles []StaffRole
}

// ListStaff returns the staff accounts of tenantID with their roles,
// ordered by name.
func ListStaff(ctx context.Context, q store.Querier, tenantID tenant.ID) ([]StaffMember, error) {
	// Collect closes rows before the role queries: SQLite may have one
	// connection.
	out, err := store.All(ctx, q, func(row store.Row) (StaffMember, error) {
		var m StaffMember
		err := row.Scan(&m.ID, &m.Name, &m.Email, &m.State)
		return m, err
	}, `SELECT id, name, email, state FROM account
		WHERE tenant_id = $1 AND kind = $2 ORDER BY name, id`, tenantID, KindStaff)
	if err != nil {
		return nil, fmt.Errorf("list staff: %w", err)
	}
	for i := range out {
		if out[i].Roles, err = StaffRoles(ctx, q, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// RequireTenantAdmin returns nil when accountID is an active staff account
// of tenantID holding the tenant admin role, and fault.Forbidden
// otherwise: the rule behind the tenant admin pages (/verwaltung/mandant).
func RequireTenantAdmin(ctx context.Context, q store.Querier, tenantID tenant.ID, accountID int64) error {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM account a JOIN staff_role r ON r.account_id = a.id
		WHERE a.id = $1 AND a.tenant_id = $2 AND a.kind = $3 AND a.state = $4 AND r.role = $5`,
		accountID, tenantID, KindStaff, StateActive, RoleTenantAdmin).Scan(&n)
	if err != nil {
		return fmt.Errorf("check tenant admin: %w", err)
	}
	if n == 0 {
		return fault.New(fault.Forbidden, "for the tenant's administrators only")
	}
	return nil
}
