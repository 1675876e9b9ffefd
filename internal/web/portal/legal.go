package portal

import "net/http"

// textPage serves a page that is only text from the message catalog:
// imprint (Impressum), privacy (Datenschutz), accessibility statement
// (Erklärung zur Barrierefreiheit). page names its template and the prefix
// of its messages. The imprint and privacy pages show the tenant's own
// text instead when it has one (tenant_branding.go).
func (s *Handler) textPage(page string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusOK, page, s.legalText(r, page))
	}
}
