package web

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/casework"
)

// adminPage is what every tenant admin page (admin_*.go, templates
// admin_*.html) passes to its template: the page's own data and the
// section of the admin navigation it belongs to.
type adminPage struct {
	IsHead  bool // for the back office navigation
	Section string
	Page    any
}

// adminOf resolves the tenant admin of the request: the back office's
// staff principal of the host's tenant (staffOf: login, staff account,
// tenant), who must also hold the tenant admin role of that tenant
// (account.RequireTenantAdmin); anyone else gets the page staffOf or the
// rule answers with.
func (s *Server) adminOf(w http.ResponseWriter, r *http.Request) (casework.Staff, bool) {
	staff, ok := s.staffOf(w, r)
	if !ok {
		return staff, false
	}
	if err := s.d.Accounts.RequireTenantAdmin(r.Context(), staff.TenantID, staff.AccountID); err != nil {
		s.fail(w, r, err)
		return staff, false
	}
	return staff, true
}

// renderAdmin renders an admin page inside the admin navigation.
func (s *Server) renderAdmin(w http.ResponseWriter, r *http.Request, status int, page, section string, data any) {
	s.render(w, r, status, page, adminPage{IsHead: true, Section: section, Page: data})
}
