package portal

import (
	"bytes"
	"html/template"

	"github.com/amtsweg/amtsweg/internal/catalog/live"
	"github.com/amtsweg/amtsweg/internal/i18n"
)

// maxOptionLists bounds the rendered option lists one catalog version
// keeps: two lists × languages × selected values (only valid slugs and
// names reach rendering, but the bound does not rely on that).
const maxOptionLists = 1024

// optionKey names one rendered <option> list of the search filters
// (Auswahllisten Themenfeld and Lebenslage): escaping about 70 options on
// every request was most of the results page's cost.
type optionKey struct {
	lang     i18n.Lang
	list     string // "thema" or "lebenslage"
	selected string // the request's parameter
}

// optionList is the data of the "filteroptions" template.
type optionList struct {
	Facets   []live.Facet
	Selected string
	Lang     string            // the page's language: options show the facets' names in it
	DE       template.HTMLAttr // marks a name left in German on a page in another language
}

// filterOptions returns the <option> elements of one filter list with the
// option whose slug is selected marked, rendered by the page's own
// template once per catalog version, language and selection.
func (s *Handler) filterOptions(version string, k optionKey, facets []live.Facet, de template.HTMLAttr) (template.HTML, error) {
	if h, ok := s.searchOptions.get(version, k); ok {
		return h, nil
	}
	var buf bytes.Buffer
	err := s.site.Page("search").ExecuteTemplate(&buf, "filteroptions", optionList{Facets: facets, Selected: k.selected, Lang: string(k.lang), DE: de})
	if err != nil {
		return "", err
	}
	h := template.HTML(buf.String()) // the template engine's own, escaped output
	s.searchOptions.put(version, k, h, maxOptionLists)
	return h, nil
}
