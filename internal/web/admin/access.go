package admin

import (
	"net/http"
)

// adminPage is what every tenant admin page (admin_*.go, templates
// admin_*.html) passes to its template: the page's own data and the
// section of the admin navigation it belongs to.
type adminPage struct {
	IsHead  bool // for the back office navigation
	Section string
	Page    any
}

// renderAdmin renders an admin page inside the admin navigation.
func (s *Handler) renderAdmin(w http.ResponseWriter, r *http.Request, status int, page, section string, data any) {
	s.render(w, r, status, page, adminPage{IsHead: true, Section: section, Page: data})
}
