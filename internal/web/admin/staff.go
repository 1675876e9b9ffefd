package admin

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// staffRow is a staff member with the names of their roles' authorities.
type staffRow struct {
	account.StaffMember
	Roles []roleRow
}

// roleRow is one role; Authority is "" for the tenant-wide role.
type roleRow struct {
	Role      string
	Authority string
}

// adminStaff shows GET /verwaltung/mandant/personal: the tenant's staff
// and their roles (read-only).
func (s *Handler) adminStaff(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r)
	ctx := r.Context()
	members, err := s.d.Accounts.Staff(ctx, staff.TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	names, err := s.authorityNames(r, staff.TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows := make([]staffRow, len(members))
	for i, m := range members {
		rows[i].StaffMember = m
		for _, ro := range m.Roles {
			rows[i].Roles = append(rows[i].Roles, roleRow{Role: string(ro.Role), Authority: names[ro.AuthorityID]})
		}
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_staff", "staff", rows)
}

// authorityNames maps the tenant's authority ids to their names.
func (s *Handler) authorityNames(r *http.Request, tenantID tenant.ID) (map[int64]string, error) {
	auths, err := s.d.Directory.Authorities(r.Context(), tenantID)
	names := map[int64]string{}
	for _, a := range auths {
		names[a.ID] = a.Name
	}
	return names, err
}
