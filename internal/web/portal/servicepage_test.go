package portal_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// sectionRE finds the text sections of a service page with their body.
var sectionRE = regexp.MustCompile(`(?s)<section class="amtsweg-service__section"[^>]*><h2[^>]*>([^<]*)</h2>(.*?)</section>`)

// itemRE finds a paragraph or list item with text in a section body.
var itemRE = regexp.MustCompile(`(?s)<(p|li)[^>]*>\s*\S.*?</(p|li)>`)

// TestServicePageSections: the Wohnsitz demo service shows its sections
// from its procedure and the LeiKa, none of them empty, in German and in
// English, on every database engine.
func TestServicePageSections(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			base := browsertest.Start(t, browsertest.WithDatabaseURL(storetest.DSN(t, d)))
			for _, tc := range []struct {
				lang     string
				headings []string
				want     []string
			}{
				{"de", []string{"Beschreibung", "Erforderliche Unterlagen", "Kosten", "Bearbeitungsdauer", "So läuft der Online-Antrag ab", "Rechtsgrundlagen"},
					[]string{"muss sich innerhalb von zwei Wochen bei der Meldebehörde anmelden", "<li>Wohnungsgeberbestätigung</li>",
						"Die Anmeldung ist gebührenfrei.", "Bearbeitungsfrist: 2 Wochen ab Eingang", "als Gast", "Eingangsbestätigung mit Aktenzeichen",
						`<li><a class="kern-link" href="http://www.gesetze-im-internet.de/bmg/__17.html">§ 17 Absatz 1 Bundesmeldegesetz`,
						`aria-describedby="apply-access"`, "ohne Anmeldung möglich", "Wer ist für mich zuständig?"}},
				{"en", []string{"Description", "Documents required", "Costs", "Processing time", "How applying online works", "Legal basis"},
					[]string{"Anyone moving into a dwelling must register", "<li>Landlord&#39;s confirmation</li>",
						"Registering your residence is free of charge.", "Processing deadline: 2 weeks from receipt", "as a guest",
						`<li lang="de"><a class="kern-link" href="http://www.gesetze-im-internet.de/bmg/__17.html">`, "no login needed"}},
			} {
				res, body := getHostLang(t, base, "127.0.0.1", tc.lang, "/leistungen/99115005104000")
				if res.StatusCode != 200 {
					t.Fatalf("%s: status %d", tc.lang, res.StatusCode)
				}
				checkSections(t, tc.lang, body, tc.headings)
				for _, w := range tc.want {
					if !strings.Contains(body, w) {
						t.Errorf("%s: page lacks %q", tc.lang, w)
					}
				}
				for _, n := range []string{"Dazu liegen noch keine Angaben vor", "No information", i18n.MissingMarker} {
					if strings.Contains(body, n) {
						t.Errorf("%s: page shows %q", tc.lang, n)
					}
				}
			}
			// The content pack names the service in English; the
			// procedure adds its intro, fees and deadline.
			_, body := getHostLang(t, base, "127.0.0.1", "en", "/leistungen/99041006017000")
			for _, w := range []string{`<h1 class="kern-heading-x-large">Parental allowance (Elterngeld)</h1>`,
				"Parental allowance replaces lost income while you care for your child after birth.",
				"with the online ID function of your identity card (assurance level substantial)",
				"Applying for parental allowance is free of charge.", "Processing deadline: 3 months"} {
				if !strings.Contains(body, w) {
					t.Errorf("Elterngeld in English lacks %q", w)
				}
			}
		})
	}
}

// checkSections fails unless body has exactly the headings, in order, each
// section with text.
func checkSections(t *testing.T, lang, body string, headings []string) {
	t.Helper()
	var got []string
	for _, m := range sectionRE.FindAllStringSubmatch(body, -1) {
		got = append(got, m[1])
		if !itemRE.MatchString(m[2]) {
			t.Errorf("%s: section %q is empty: %s", lang, m[1], m[2])
		}
	}
	if strings.Join(got, "|") != strings.Join(headings, "|") {
		t.Errorf("%s: sections %q, want %q", lang, got, headings)
	}
}

// TestSearchResultPresentation: results carry a one-line summary and the
// online tag, in the page's language; a search without results offers
// popular online services and the topics; the filters start folded unless
// one is set.
func TestSearchResultPresentation(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			base := browsertest.Start(t, browsertest.WithDatabaseURL(storetest.DSN(t, d)))
			for _, tc := range []struct {
				name, lang, path string
				want, not        []string
			}{
				{"summary from the content pack", "de", "/suche?q=Wohnsitz+anmelden", []string{
					`<p class="kern-body amtsweg-results__summary">Wer in eine Wohnung einzieht, die seine vorwiegend benutzte Wohnung ist, meldet sie als Hauptwohnung bei der Meldebehörde an.</p>`,
					`<span class="kern-label kern-label--small">Online beantragen</span>`, `<details class="amtsweg-filters">`}, []string{"Sie können Familienangehörige"}},
				{"summary from the LeiKa", "de", "/suche?q=Sperrm%C3%BCll", []string{
					"Gehört zu „Abfallentsorgung“ in der Lebenslage „Wohnen &amp; Umzug“."}, nil},
				{"English", "en", "/suche?q=Wohnsitz+anmelden", []string{
					`<p class="kern-body amtsweg-results__summary">When you move into the flat or house you mainly live in, you register it as your main residence`,
					`<span class="kern-label kern-label--small">Apply online</span>`, `<span>Building and housing</span>`}, nil},
				{"nothing found", "de", "/suche?q=xqzvbn", []string{"Häufig genutzte Online-Leistungen", "Online beantragen",
					`href="/themen/familie-kind"`}, nil},
				{"nothing found, English", "en", "/suche?q=xqzvbn", []string{`href="/themen/bauen-wohnen" >Building and housing</a>`,
					`<option value="bauen-wohnen">Building and housing</option>`}, []string{">Bauen &amp; Wohnen<"}},
				{"filter set", "de", "/suche?q=Wohnsitz&thema=bauen-wohnen", []string{`<details class="amtsweg-filters" open>`, "Filter (ein Filter aktiv)"}, nil},
			} {
				res, body := getHostLang(t, base, "127.0.0.1", tc.lang, tc.path)
				if res.StatusCode != 200 {
					t.Fatalf("%s: status %d", tc.name, res.StatusCode)
				}
				for _, w := range tc.want {
					if !strings.Contains(body, w) {
						t.Errorf("%s: page lacks %q", tc.name, w)
					}
				}
				for _, n := range tc.not {
					if strings.Contains(body, n) {
						t.Errorf("%s: page has %q", tc.name, n)
					}
				}
			}
			// The issue's example: an English visitor's "register
			// residence" finds the residence registration first.
			_, body := getHostLang(t, base, "127.0.0.1", "en", "/suche?q=register+residence")
			first := firstResultRE.FindStringSubmatch(body)
			if first == nil || first[1] != "99115005104000" {
				t.Errorf("register residence: first result %v, want 99115005104000", first)
			}
		})
	}
}

// firstResultRE finds the service key of the first search result.
var firstResultRE = regexp.MustCompile(`<li class="amtsweg-results__item">\s*<h3[^>]*><a class="kern-link" href="/leistungen/([^"?]+)"`)
