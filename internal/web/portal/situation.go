package portal

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/catalog/live"
)

// situation shows GET /lebenslagen/{slug}: the services of a life
// situation (Lebenslage or Unternehmenslage).
func (s *Handler) situation(w http.ResponseWriter, r *http.Request) {
	f, err := s.d.Catalog.Situation(r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showFacet(w, r, f, "lebenslage", live.Query{Situation: f.Slug})
}
