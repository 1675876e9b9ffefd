package casework_test

import (
	"testing"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
)

func TestRequireTenantAdmin(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name  string
		roles []account.StaffRole
		admin bool
	}{
		{"tenant admin", []account.StaffRole{{Role: account.RoleTenantAdmin}}, true},
		{"tenant admin and case worker", []account.StaffRole{{AuthorityID: 7, Role: account.RoleCaseWorker}, {Role: account.RoleTenantAdmin}}, true},
		{"head of unit", []account.StaffRole{{AuthorityID: 7, Role: account.RoleHeadOfUnit}}, false},
		{"authority admin", []account.StaffRole{{AuthorityID: 7, Role: account.RoleAuthorityAdmin}}, false},
		{"no roles", nil, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := casework.NewStaff(1, 2, "Erika", tt.roles)
			if got := s.IsTenantAdmin(); got != tt.admin {
				t.Errorf("IsTenantAdmin = %v, want %v", got, tt.admin)
			}
			err := s.RequireTenantAdmin()
			if tt.admin && err != nil {
				t.Errorf("RequireTenantAdmin = %v, want nil", err)
			}
			if !tt.admin && !fault.Is(err, fault.Forbidden) {
				t.Errorf("RequireTenantAdmin = %v, want Forbidden", err)
			}
		})
	}
}
