package web

import "net/http"

// home shows the start page: the search form and a short introduction.
// The search form sends GET /suche?q=..., the catalog's results page.
func (s *Server) home(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "home", nil)
}
