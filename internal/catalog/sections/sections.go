package sections

import (
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// ID names a section of the service page (Abschnitt); the page uses it as
// anchor and as message key suffix ("service.section.<id>").
type ID string

// The sections in the order of the page: first what the service is and
// who gets it, then what to bring, what it costs and how long it takes,
// then how it runs, the forms, the law and what to do against a decision,
// and last where to read more, whom to ask and who wrote the text. The
// responsible office the finder answers for the citizen's place;
// Responsible is the catalog's general text about it (XZuFi 22).
const (
	What        ID = "what"        // Leistungsbeschreibung (Kurztext, Volltext)
	Who         ID = "who"         // Voraussetzungen
	Documents   ID = "documents"   // erforderliche Unterlagen
	Costs       ID = "costs"       // Kosten
	Duration    ID = "duration"    // Bearbeitungsdauer
	Deadlines   ID = "deadlines"   // Fristen
	Procedure   ID = "procedure"   // Verfahrensablauf (the catalog's text)
	Process     ID = "process"     // so läuft der Online-Antrag ab (the online procedure's steps)
	Forms       ID = "forms"       // Formulare
	Legal       ID = "legal"       // Rechtsgrundlagen (Handlungsgrundlagen)
	Remedy      ID = "remedy"      // Rechtsbehelf
	Hints       ID = "hints"       // Hinweise
	MoreInfo    ID = "moreinfo"    // weiterführende Informationen
	Responsible ID = "responsible" // zuständige Stelle
	Contact     ID = "contact"     // Ansprechpunkt
	Author      ID = "author"      // Urheber
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
// HTML marks a Text that is the catalog's rich text (sanitised HTML, see
// catalog.SanitizeHTML); the page sanitises it once more and shows it as
// HTML, every other Text as text.
type Line struct {
	Text string
	Lang string
	Key  string
	Args []any
	URL  string
	HTML bool
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
		t.what(),
		t.pick(Who, catalog.SectionPrerequisites, nil),
		t.documents(),
		t.pick(Costs, catalog.SectionFees, t.procText(func(d *procedure.Definition) procedure.Text { return d.Fees.Text })),
		t.duration(),
		t.pick(Deadlines, catalog.SectionDeadlines, nil),
		t.pick(Procedure, catalog.SectionProcess, nil),
		t.process(),
		t.pick(Forms, catalog.SectionForms, nil),
		t.legal(),
		t.pick(Remedy, catalog.SectionRemedy, nil),
		t.hints(),
		t.pick(MoreInfo, catalog.SectionMoreInfo, nil),
		t.pick(Responsible, catalog.SectionResponsible, nil),
		t.pick(Contact, catalog.SectionContact, nil),
		t.pick(Author, catalog.SectionAuthor, nil),
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
