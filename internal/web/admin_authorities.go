package web

import (
	"net/http"
)

// adminAuthorities shows GET /verwaltung/mandant/behoerden: the tenant's
// authorities (read-only).
func (s *Server) adminAuthorities(w http.ResponseWriter, r *http.Request) {
	staff, ok := s.adminOf(w, r)
	if !ok {
		return
	}
	auths, err := s.d.Directory.Authorities(r.Context(), staff.TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_authorities", "authorities", auths)
}
