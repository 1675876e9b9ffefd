package sections

import (
	"testing"

	"github.com/amtsweg/amtsweg/internal/catalog"
)

// allTexts is a service with every XZuFi section filled, its full text
// and documents as rich text, and an English full text.
func allTexts() catalog.Service {
	s := leikaOnly()
	s.Source = "xzufi"
	s.Texts = catalog.Texts{Title: "Anmelden", Teaser: "Kurz: anmelden.", Summary: "Nach einem Umzug melden Sie sich an.",
		Description: "<p>Volltext</p>", Prerequisites: "Umzug", Documents: "<ul><li>Ausweis</li></ul>",
		Fees: "gebührenfrei", Deadlines: "2 Wochen", ProcessingTime: "sofort", Process: "Sie gehen hin.",
		Forms: "Meldeschein", Legal: "Bundesmeldegesetz", Remedy: "Widerspruch", Hints: "Termin buchen",
		MoreInfo: "Mehr", Responsible: "Meldebehörde", Contact: "115", Author: "Redaktion",
		Rich: "description,documents"}
	s.Translations = map[string]catalog.Translation{"en": {Texts: catalog.Texts{Description: "<p>Full text</p>", Rich: "description"}}}
	return s
}

// TestXZuFiSectionsOrderAndHTML: every catalog section is shown, in the
// page's order, rich texts marked as HTML, the English full text on the
// English page.
func TestXZuFiSectionsOrderAndHTML(t *testing.T) {
	t.Parallel()
	secs := Of(allTexts(), nil, "de")
	var ids []ID
	for _, s := range secs {
		ids = append(ids, s.ID)
	}
	want := []ID{What, Who, Documents, Costs, Duration, Deadlines, Procedure, Forms, Legal, Remedy, Hints, MoreInfo, Responsible, Contact, Author}
	if len(ids) != len(want) {
		t.Fatalf("sections = %v, want %v", ids, want)
	}
	for i := range want {
		if ids[i] != want[i] {
			t.Fatalf("sections = %v, want %v", ids, want)
		}
	}
	what := secs[0].Lines
	if len(what) != 2 || what[0].Text != "Nach einem Umzug melden Sie sich an." || what[0].HTML || what[1].Text != "<p>Volltext</p>" || !what[1].HTML {
		t.Errorf("what = %+v", what)
	}
	if d := secs[2].Lines[0]; !d.HTML {
		t.Errorf("documents not HTML: %+v", d)
	}
	if l := secs[8].Lines; len(l) != 2 || l[0].Text != "Bundesmeldegesetz" || l[1].URL == "" {
		t.Errorf("legal = %+v", l)
	}
	en := Of(allTexts(), nil, "en")[0].Lines
	if en[1].Text != "<p>Full text</p>" || en[1].Lang != "en" || !en[1].HTML || en[0].Lang != "de" {
		t.Errorf("English what = %+v", en)
	}
	if l, ok := Summary(allTexts(), nil, "de"); !ok || l.Text != "Kurz: anmelden." {
		t.Errorf("Summary = %+v, want the teaser", l)
	}
	rich := allTexts()
	rich.Texts.Teaser, rich.Texts.Summary, rich.Texts.Rich = "", "<p>Erster Satz. Zweiter Satz.</p>", "summary"
	if l, ok := Summary(rich, nil, "de"); !ok || l.Text != "Erster Satz." || l.HTML {
		t.Errorf("Summary of rich text = %+v, want plain first sentence", l)
	}
}
