package web

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/catalog"
)

// adminAuthorities shows GET /verwaltung/mandant/behoerden: the tenant's
// authorities (read-only).
func (s *Server) adminAuthorities(w http.ResponseWriter, r *http.Request) {
	staff, ok := s.adminOf(w, r)
	if !ok {
		return
	}
	auths, err := catalog.ListAuthorities(r.Context(), s.d.DB, staff.TenantID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderAdmin(w, r, http.StatusOK, "admin_authorities", "authorities", auths)
}
