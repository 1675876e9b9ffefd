package catalog

import (
	"os"
	"strings"
	"testing"
)

// readAll reads an XZuFi test message.
func readAll(t *testing.T, name string) (AuthorityFile, []Reject) {
	t.Helper()
	r, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	f, findings, err := ReadXZuFi(r, name)
	if err != nil {
		t.Fatal(err)
	}
	return f, findings
}

// TestXZuFiAllModules: every code of the list lands in its own section,
// HTML stays rich but harmless, the structured modules fill fees,
// deadlines and processing time, the legal links the legal basis, every
// language is kept, and what is not understood is a warning with path
// and line.
func TestXZuFiAllModules(t *testing.T) {
	t.Parallel()
	f, findings := readAll(t, "xzufi-alle-module.xml")
	if len(f.Services) != 1 {
		t.Fatalf("services = %d", len(f.Services))
	}
	e := f.Services[0]
	if e.Name != "Elterngeld Bewilligung" || e.Key != "99041006017000" {
		t.Errorf("name, key = %q, %q", e.Name, e.Key)
	}
	want := map[string]string{
		SectionTitle:         "Elterngeld beantragen",
		SectionSummary:       "Elterngeld unterstützt Familien.",
		SectionDescription:   "<p>Das Elterngeld gleicht <strong>fehlendes Einkommen</strong> aus.</p>",
		SectionLegal:         "§ 1 bis § 14 BEEG",
		SectionDocuments:     "<ul><li>Geburtsurkunde</li><li>Einkommensnachweise </li></ul>",
		SectionPrerequisites: "Sie betreuen Ihr Kind selbst.",
		SectionProcess:       "Sie stellen den Antrag schriftlich.",
		SectionForms:         "Antragsformular Elterngeld",
		SectionMoreInfo: `<p>Weitere Informationen des Bundes</p><ul><li><a href="https://www.bmfsfj.de/elterngeld" rel="nofollow noopener noreferrer">Elterngeldrechner des Bundes</a></li>` +
			`<li><a href="https://familienportal.de/elterngeld" rel="nofollow noopener noreferrer">Familienportal</a></li></ul>`,
		SectionHints:       "Der Antrag kann erst nach der Geburt gestellt werden.",
		SectionAuthor:      "Bundesministerium für Familie, Senioren, Frauen und Jugend",
		SectionResponsible: "Elterngeldstelle des Landkreises",
		SectionContact:     "Bürgertelefon 115",
		SectionTeaser:      "Geld für Eltern nach der Geburt.",
		SectionRemedy:      "<p>Widerspruch innerhalb eines Monats; Formular</p>",
		SectionFees: "<ul><li>Gebühren nach Landesrecht.</li><li>0,00 EUR: Der Antrag ist gebührenfrei.</li>" +
			"<li>12,50 EUR: Beglaubigte Kopie</li><li>Auslagen, 5,00–20,00 EUR: Zustellung</li></ul>",
		SectionDeadlines: "<ul><li>Antragsfrist, 3 Monate: rückwirkend ab Antragseingang</li>" +
			"<li>bis 31.12.2026: Übergangsregelung für Geburten vor 2026</li></ul>",
		SectionProcessingTime: "2–4 Wochen",
	}
	for section, w := range want {
		if got := e.Texts.Get(section); got != w {
			t.Errorf("%s = %q, want %q", section, got, w)
		}
	}
	for _, rich := range []string{SectionDescription, SectionDocuments, SectionMoreInfo, SectionRemedy, SectionFees, SectionDeadlines} {
		if !e.Texts.IsHTML(rich) {
			t.Errorf("%s is not marked as rich text (rich = %q)", rich, e.Texts.Rich)
		}
	}
	if e.Texts.IsHTML(SectionSummary) || e.Texts.IsHTML(SectionProcessingTime) {
		t.Errorf("plain sections marked rich: %q", e.Texts.Rich)
	}
	if len(e.LegalBasis) != 2 || e.LegalBasis[1] != (LegalRef{Text: "§ 4 BEEG", URL: "https://www.gesetze-im-internet.de/beeg/__4.html"}) {
		t.Errorf("legal basis = %+v", e.LegalBasis)
	}
	if len(e.Synonyms) != 1 || e.Synonyms[0] != "Basiselterngeld" {
		t.Errorf("synonyms = %v", e.Synonyms)
	}
	en, fr := e.Translations["en"], e.Translations["fr"]
	if en.Name != "Parental allowance grant" || en.Texts.Title != "Apply for parental allowance" ||
		en.Texts.Fees != "<ul><li>Fees under state law.</li><li>EUR 0.00: The application is free of charge.</li></ul>" ||
		en.Texts.Deadlines != "3 months: backdated from the application" || !strings.Contains(en.Texts.Description, "<em>lost income</em>") {
		t.Errorf("English = %+v", en)
	}
	if fr.Name != "Allocation parentale" || fr.Texts.Summary != "L'allocation parentale aide les familles." {
		t.Errorf("French = %+v", fr)
	}
	wantWarn := []string{
		"xzufi-alle-module.xml:87: leistung/modulText: text module code \"99\" is not in the code list",
		"xzufi-alle-module.xml:137: leistung/sprachversion: language \"uk\" is declared but no text is given in it",
		"xzufi-alle-module.xml:138: leistung/neuesElement: unknown element",
	}
	var got []string
	for _, r := range findings {
		if !r.Kept {
			t.Errorf("finding not a warning: %s", r)
		}
		got = append(got, r.String())
	}
	for _, w := range wantWarn {
		found := false
		for _, g := range got {
			found = found || strings.HasPrefix(g, w)
		}
		if !found {
			t.Errorf("no warning %q in %q", w, got)
		}
	}
	if len(findings) != len(wantWarn) {
		t.Errorf("findings = %q, want only %q", got, wantWarn)
	}
}
