package portal

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/catalog/live"
)

// homePage is the data of the start page.
type homePage struct {
	Q          string // the search box is empty here
	Popular    []*live.Entry
	Topics     []live.Facet
	Citizens   []live.Facet // life situations (Lebenslagen) of citizens
	Businesses []live.Facet // of businesses (Unternehmenslagen)
}

// popularOnHome is how many services the start page lists.
const popularOnHome = 8

// home shows the start page: the search form, the most used services,
// the topics and the life situations to browse. The search form sends
// GET /suche?q=....
func (s *Handler) home(w http.ResponseWriter, r *http.Request) {
	var p homePage
	if c := s.d.Catalog; c != nil {
		p.Popular, p.Topics = c.Popular(popularOnHome), c.Topics()
		for _, f := range c.Situations() {
			if f.Audience == catalog.AudienceBusiness {
				p.Businesses = append(p.Businesses, f)
			} else {
				p.Citizens = append(p.Citizens, f)
			}
		}
	}
	s.render(w, r, http.StatusOK, "home", p)
}
