package portal

import (
	"net/http"
	"net/url"

	"github.com/amtsweg/amtsweg/internal/catalog/live"
)

// facetPage is the data of a topic or life situation page.
type facetPage struct {
	Facet     live.Facet
	Param     string // the search parameter of the facet: thema or lebenslage
	SearchURL string // searches within the facet
	live.Results
	Pager pager
	lang  string // the page's language, for Title
}

// Title is the page's name: the topic's or life situation's name in the
// page's language.
func (p facetPage) Title() string { return p.Facet.NameIn(p.lang) }

// showFacet renders the services of a topic or life situation, paged.
func (s *Handler) showFacet(w http.ResponseWriter, r *http.Request, f live.Facet, param string, q live.Query) {
	q.Page = pageParam(r, "seite")
	res, err := s.d.Catalog.Search(r.Context(), q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if res.Page > res.Pages {
		s.errorPage(w, r, http.StatusNotFound)
		return
	}
	p := facetPage{Facet: f, Param: param, Results: res, lang: string(s.lang(r)),
		SearchURL: "/suche?" + url.Values{param: {f.Slug}}.Encode(),
		Pager:     newPager(r.URL.Path, url.Values{}, res.Page, res.Pages)}
	s.render(w, r, http.StatusOK, "facet", p)
}
