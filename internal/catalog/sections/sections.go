package sections

import (
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// ID names a section of the service page (Abschnitt); the page uses it as
// anchor and as message key suffix ("service.section.<id>").
type ID string

// The sections in the order of the page. The responsible office
// (zuständige Stelle) is not among them: the page's finder answers it.
const (
	What      ID = "what"      // Leistungsbeschreibung
	Who       ID = "who"       // Voraussetzungen
	Documents ID = "documents" // erforderliche Unterlagen
	Costs     ID = "costs"     // Kosten
	Duration  ID = "duration"  // Bearbeitungsdauer
	Deadlines ID = "deadlines" // Fristen
	Process   ID = "process"   // Verfahrensablauf
	Legal     ID = "legal"     // Rechtsgrundlagen
	Hints     ID = "hints"     // Hinweise
)

// Source names where a section's content comes from (Quelle).
type Source string

// The sources, best first.
const (
	FromService   Source = "service"   // the catalog's description (XZuFi texts, translations)
	FromProcedure Source = "procedure" // the online procedure's definition
	FromLeiKa     Source = "leika"     // the LeiKa data: OZG service, life situation, legal basis
)

// Line is one paragraph or list item of a section: either content text in
// language Lang, or a message of the portal's catalog (Key with Args as
// name/value pairs) in the page's language. URL links a legal reference.
type Line struct {
	Text string
	Lang string
	Key  string
	Args []any
	URL  string
}

// Section is one filled section of a service page.
type Section struct {
	ID     ID
	Source Source
	Lines  []Line
	List   bool // the lines are a list (documents, steps, references)
}

// Of returns the filled sections of service s in language lang ("de" or
// "en"), in page order; def is the online procedure that serves s (the
// tenant's effective definition), nil when there is none.
func Of(s catalog.Service, def *procedure.Definition, lang string) []Section {
	t := texts{s: s, def: def, lang: lang}
	candidates := []Section{
		t.pick(What, func(x catalog.Texts) string { return x.Summary }, t.procText(func(d *procedure.Definition) procedure.Text { return d.Intro })),
		t.pick(Who, func(x catalog.Texts) string { return x.Prerequisites }, nil),
		t.documents(),
		t.pick(Costs, func(x catalog.Texts) string { return x.Fees }, t.procText(func(d *procedure.Definition) procedure.Text { return d.Fees.Text })),
		t.duration(),
		t.pick(Deadlines, func(x catalog.Texts) string { return x.Deadlines }, nil),
		t.process(),
		legal(s),
		t.hints(),
	}
	switch {
	case candidates[0].Source == FromService:
		candidates[0] = t.withIntro(candidates[0])
	case candidates[0].Lines == nil:
		candidates[0] = leikaWhat(s)
	}
	var out []Section
	for _, c := range candidates {
		if len(c.Lines) > 0 {
			out = append(out, c)
		}
	}
	return out
}

// Name is the service's name in lang with the language it is in: the
// service's translation, else the English title of a procedure that
// serves this service alone (one that serves several names none of
// them), else the German name.
func Name(s catalog.Service, def *procedure.Definition, lang string) (string, string) {
	if lang == "de" {
		return s.Name, "de"
	}
	if n := s.Translations[lang].Name; n != "" {
		return n, lang
	}
	if def != nil && lang == "en" && def.Title.EN != "" && len(def.LeiKa)+len(def.Services) == 1 {
		return def.Title.EN, "en"
	}
	return s.Name, "de"
}
