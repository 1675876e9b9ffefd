package portal

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/refdata"
)

// sources shows the data sources page (Datenquellen) with the attribution
// every licence of the reference data asks for.
func (s *Handler) sources(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "sources", refdata.Sources())
}
