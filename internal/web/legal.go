package web

import "net/http"

// textPage serves a page that is only text from the message catalog:
// imprint (Impressum), privacy (Datenschutz), accessibility statement
// (Erklärung zur Barrierefreiheit). page names its template and the prefix
// of its messages.
func (s *Server) textPage(page string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusOK, page, nil)
	}
}
