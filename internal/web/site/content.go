package site

import (
	"html/template"

	"github.com/amtsweg/amtsweg/internal/i18n"
)

// named is catalog content with a name in several languages: a service
// (catalog.Service, live.Entry) or a topic or life situation (live.Facet).
type named interface{ NameIn(lang string) string }

// summarised is a service with a summary in several languages.
type summarised interface{ SummaryIn(lang string) string }

// faceted is a service that names its topic and life situation.
type faceted interface {
	TopicIn(lang string) string
	SituationIn(lang string) string
}

// NameOf is x's name in the page's language, the German name where x has
// no translation: {{$.NameOf .}}.
func (v View) NameOf(x named) string { return x.NameIn(string(v.Lang)) }

// SummaryOf is the service's summary in the page's language, else German.
func (v View) SummaryOf(x summarised) string { return x.SummaryIn(string(v.Lang)) }

// TopicOf and SituationOf name a service's topic and life situation in the
// page's language.
func (v View) TopicOf(x faceted) string { return x.TopicIn(string(v.Lang)) }

// SituationOf: see TopicOf.
func (v View) SituationOf(x faceted) string { return x.SituationIn(string(v.Lang)) }

// LangOf marks x's shown name as German (lang="de") when the page is in
// another language and x has no name in it, so screen readers pronounce
// it right: <a {{$.LangOf .}}>{{$.NameOf .}}</a>.
func (v View) LangOf(x named) template.HTMLAttr {
	if v.Lang == i18n.German || x.NameIn(string(v.Lang)) != x.NameIn(string(i18n.German)) {
		return ""
	}
	return `lang="de"`
}

// SummaryLangOf is LangOf for the service's summary.
func (v View) SummaryLangOf(x summarised) template.HTMLAttr {
	if v.Lang == i18n.German || x.SummaryIn(string(v.Lang)) != x.SummaryIn(string(i18n.German)) {
		return ""
	}
	return `lang="de"`
}
