package portal

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/catalog/live"
)

// topic shows GET /themen/{slug}: the services of a topic (Themenfeld).
func (s *Handler) topic(w http.ResponseWriter, r *http.Request) {
	f, err := s.d.Catalog.Topic(r.PathValue("slug"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.showFacet(w, r, f, "thema", live.Query{Topic: f.Slug})
}
