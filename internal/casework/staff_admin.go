package casework

import (
	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// IsTenantAdmin reports whether s holds the tenant admin role
// (Mandantenadministration), which is granted for the whole tenant
// (authority 0), never for one authority.
func (s Staff) IsTenantAdmin() bool { return s.has(0, account.RoleTenantAdmin) }

// RequireTenantAdmin returns nil for a tenant admin and fault.Forbidden
// for anyone else: the rule behind the tenant administration pages
// (/verwaltung/mandant). s is already an active staff member of its
// tenant (LoadStaff), so no second query is needed.
func (s Staff) RequireTenantAdmin() error {
	if !s.IsTenantAdmin() {
		return fault.New(fault.Forbidden, "for the tenant's administrators only")
	}
	return nil
}
