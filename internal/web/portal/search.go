package portal

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"

	"github.com/amtsweg/amtsweg/internal/catalog/live"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/i18n"
)

// searchPage is the data of the results page.
type searchPage struct {
	Q, Thema, Lebenslage, Zielgruppe string // the request's parameters
	live.Results
	Topics     []live.Facet
	Situations []live.Facet
	// TopicOptions and SituationOptions are the filters' <option> lists,
	// rendered once per catalog version, language and selection.
	TopicOptions, SituationOptions template.HTML
	Pager                          pager
	// DidYouMeanURL searches the corrected query with the same filters.
	DidYouMeanURL string
	// Rows are the results ready to show; Suggestions, on a page without
	// results, popular services to apply for online.
	Rows, Suggestions []resultItem
	// FilterCount is the number of filters set: the filters start
	// collapsed on narrow screens unless one is set.
	FilterCount int
}

// audiences maps the zielgruppe parameter to the catalog's audience.
var audiences = map[string]string{"": "", "buerger": "citizens", "unternehmen": "businesses"}

// search shows GET /suche?q=&thema=&lebenslage=&zielgruppe=&seite=: the
// matching services with filters, count and pages; without a match it
// offers the corrected query and the topics to browse.
//
// The page's main part depends only on the parameters, the language and
// the catalog; for visitors without a session it is kept per catalog
// version (searchBody), and so is the whole page under the main part's
// key and everything the layout reads (search_page.go).
func (s *Handler) search(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	p := searchPage{Q: v.Get("q"), Thema: v.Get("thema"), Lebenslage: v.Get("lebenslage"), Zielgruppe: v.Get("zielgruppe")}
	audience, ok := audiences[p.Zielgruppe]
	if !ok {
		s.fail(w, r, errBadRequest("unknown zielgruppe"))
		return
	}
	key := bodyKey{lang: s.lang(r), q: p.Q, thema: p.Thema, lebenslage: p.Lebenslage,
		zielgruppe: p.Zielgruppe, page: pageParam(r, "seite")}
	var page pageKey
	anonymous := visitorOf(r.Context()) == nil
	if version := s.d.Catalog.Facets().Version; anonymous {
		page = s.layoutKey(r, key)
		if p, ok := s.searchPages.get(version, page); ok {
			p.write(w)
			return
		}
		if body, ok := s.searchBodies.get(version, key); ok {
			s.renderSearch(w, r, version, page, true, body)
			return
		}
	}
	res, err := s.d.Catalog.Search(r.Context(), live.Query{Text: p.Q, Lang: string(key.lang), Topic: p.Thema,
		Situation: p.Lebenslage, Audience: audience, Page: key.page})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if res.Page > res.Pages {
		s.fail(w, r, fault.New(fault.NotFound, "no page %d", res.Page))
		return
	}
	body, version, err := s.searchMain(r, p, res)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	cache := anonymous && version == res.Version
	if cache {
		s.searchBodies.put(version, key, body, maxSearchBodies)
	}
	s.renderSearch(w, r, version, page, cache, body)
}

// maxSearchBodies bounds the cached main parts (about 15 kB each).
const maxSearchBodies = 512

// bodyKey is everything the search page's main part depends on besides
// the catalog version.
type bodyKey struct {
	lang                             i18n.Lang
	q, thema, lebenslage, zielgruppe string
	page                             int
}

// searchBody is the data of the search page: its rendered main part.
type searchBody struct{ Body template.HTML }

// searchMain renders the page's main part for res and returns it with the
// catalog version of its filter lists.
func (s *Handler) searchMain(r *http.Request, p searchPage, res live.Results) (template.HTML, string, error) {
	version, err := s.searchFilters(r, &p)
	if err != nil {
		return "", "", err
	}
	p.Results = res
	lang := s.lang(r)
	p.Rows = s.resultItems(lang, res.Items)
	if len(res.Items) == 0 {
		p.Suggestions = s.suggestions(lang)
	}
	for _, f := range []string{p.Thema, p.Lebenslage, p.Zielgruppe} {
		if f != "" {
			p.FilterCount++
		}
	}
	p.Pager = newPager("/suche", p.params(), res.Page, res.Pages)
	if res.DidYouMean != "" {
		q := p.params()
		q.Set("q", res.DidYouMean)
		p.DidYouMeanURL = "/suche?" + q.Encode()
	}
	v := s.newView(r, p)
	v.Title = v.PageTitle("search")
	var buf bytes.Buffer
	if err := s.site.Page("search").ExecuteTemplate(&buf, "searchmain", v); err != nil {
		return "", "", err
	}
	return template.HTML(buf.String()), version, nil // the template engine's own, escaped output
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
func (p searchPage) Filtered() bool { return p.FilterCount > 0 }

// searchFilters fills in the facets and the filters' option lists and
// returns the catalog version they belong to.
func (s *Handler) searchFilters(r *http.Request, p *searchPage) (string, error) {
	f := s.d.Catalog.Facets()
	p.Topics, p.Situations = f.Topics, f.Situations
	lang := s.lang(r)
	de := view{Lang: lang}.DE()
	var err error
	p.TopicOptions, err = s.filterOptions(f.Version, optionKey{lang, "thema", p.Thema}, f.Topics, de)
	if err == nil {
		p.SituationOptions, err = s.filterOptions(f.Version, optionKey{lang, "lebenslage", p.Lebenslage}, f.Situations, de)
	}
	return f.Version, err
}
