package web

import (
	"net/http"
)

// adminAuthorities shows GET /verwaltung/mandant/behoerden: the tenant's
// authorities (read-only).
func (s *Server) adminAuthorities(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r.Context())
	auths, err := s.d.Directory.Authorities(r.Context(), staff.TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_authorities", "authorities", auths)
}
