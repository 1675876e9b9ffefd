package admin

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/web/backoffice"
)

// tenantAdmin guards a tenant administration route (Mandantenverwaltung):
// the back office's staff guard (Deps.Staff) first, then the principal
// must hold the tenant admin role of the host's tenant
// (casework.Staff.RequireTenantAdmin, read with the principal, no second
// query); anyone else gets 403.
func (s *Handler) tenantAdmin(h http.HandlerFunc) http.HandlerFunc {
	return s.d.Staff(func(w http.ResponseWriter, r *http.Request) {
		if err := staffFrom(r).RequireTenantAdmin(); err != nil {
			s.fail(w, r, err)
			return
		}
		h(w, r)
	})
}

// staffFrom returns the tenant admin the guard let through.
func staffFrom(r *http.Request) casework.Staff { return backoffice.StaffFrom(r.Context()) }
