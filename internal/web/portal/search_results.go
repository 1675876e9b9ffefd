package portal

import (
	"html/template"

	"github.com/amtsweg/amtsweg/internal/catalog/live"
	"github.com/amtsweg/amtsweg/internal/catalog/sections"
	"github.com/amtsweg/amtsweg/internal/i18n"
)

// resultItem is one service in a list of results (Trefferliste), ready
// to show: its name in the page's language where there is one, a
// one-line summary chosen by the service page's own rule
// (sections.Summary), and whether it can be applied for online.
type resultItem struct {
	Key      string
	Name     string
	NameLang template.HTMLAttr
	Summary  pageLine
	Online   bool
	// Topic and LifeSituation are the catalog's names in the page's
	// language where they have one; MetaLang marks German names on pages
	// in another language.
	Topic, LifeSituation string
	MetaLang             template.HTMLAttr
}

// maxSuggestions is how many popular online services the zero-result
// page offers.
const maxSuggestions = 5

// resultItems makes entries ready to show in lang.
func (s *Handler) resultItems(lang i18n.Lang, entries []*live.Entry) []resultItem {
	out := make([]resultItem, 0, len(entries))
	for _, e := range entries {
		it := resultItem{Key: e.Key, Online: e.ProcedureID != "", Topic: e.TopicIn(string(lang)),
			LifeSituation: e.SituationIn(string(lang))}
		if it.Topic == e.Topic && it.LifeSituation == e.LifeSituation {
			it.MetaLang = langAttr(lang, "de") // no translation: German names
		}
		it.Name, it.NameLang = nameIn(e, e.Procedure, lang)
		if l, ok := sections.Summary(e.Service, e.Procedure, string(lang)); ok {
			it.Summary = s.line(lang, l)
		}
		out = append(out, it)
	}
	return out
}

// suggestions are popular services with an online procedure, offered
// when a search finds nothing.
func (s *Handler) suggestions(lang i18n.Lang) []resultItem {
	var online []*live.Entry
	for _, e := range s.d.Catalog.Popular(4 * maxSuggestions) {
		if e.ProcedureID != "" && len(online) < maxSuggestions {
			online = append(online, e)
		}
	}
	return s.resultItems(lang, online)
}
