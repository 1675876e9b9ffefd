package web

import (
	"net/http"
	"net/url"

	"github.com/amtsweg/amtsweg/internal/catalog/live"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// searchPage is the data of the results page.
type searchPage struct {
	Q, Thema, Lebenslage, Zielgruppe string // the request's parameters
	live.Results
	Topics     []live.Facet
	Situations []live.Facet
	Pager      pager
	// DidYouMeanURL searches the corrected query with the same filters.
	DidYouMeanURL string
}

// audiences maps the zielgruppe parameter to the catalog's audience.
var audiences = map[string]string{"": "", "buerger": "citizens", "unternehmen": "businesses"}

// search shows GET /suche?q=&thema=&lebenslage=&zielgruppe=&seite=: the
// matching services with filters, count and pages; without a match it
// offers the corrected query and the topics to browse.
func (s *Server) search(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	p := searchPage{Q: v.Get("q"), Thema: v.Get("thema"), Lebenslage: v.Get("lebenslage"), Zielgruppe: v.Get("zielgruppe")}
	audience, ok := audiences[p.Zielgruppe]
	if !ok {
		s.fail(w, r, errBadRequest("unknown zielgruppe"))
		return
	}
	res, err := s.d.Catalog.Search(r.Context(), live.Query{Text: p.Q, Topic: p.Thema,
		Situation: p.Lebenslage, Audience: audience, Page: pageParam(r, "seite")})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Results, p.Topics, p.Situations = res, s.d.Catalog.Topics(), s.d.Catalog.Situations()
	p.Pager = newPager("/suche", p.params(), res.Page, res.Pages)
	if res.DidYouMean != "" {
		q := p.params()
		q.Set("q", res.DidYouMean)
		p.DidYouMeanURL = "/suche?" + q.Encode()
	}
	if res.Page > res.Pages {
		s.fail(w, r, fault.New(fault.NotFound, "no page %d", res.Page))
		return
	}
	s.render(w, r, http.StatusOK, "search", p)
}

// params are the page's non-empty query parameters, without the page.
func (p searchPage) params() url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"q": p.Q, "thema": p.Thema, "lebenslage": p.Lebenslage, "zielgruppe": p.Zielgruppe} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v
}

// Filtered reports whether any filter narrows the search.
func (p searchPage) Filtered() bool { return p.Thema != "" || p.Lebenslage != "" || p.Zielgruppe != "" }
