package admin

import (
	"net/http"
)

// adminAuthorities shows GET /verwaltung/mandant/behoerden: the tenant's
// authorities (read-only).
func (s *Handler) adminAuthorities(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r)
	auths, err := s.d.Directory.Authorities(r.Context(), staff.TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_authorities", "authorities", auths)
}
