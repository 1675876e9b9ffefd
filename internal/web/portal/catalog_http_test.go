package portal_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestCatalogHTTP checks statuses and the content that tells the pages
// apart: counts, paging links, no-results help, finder states.
func TestCatalogHTTP(t *testing.T) {
	t.Parallel()
	base := browsertest.Start(t)
	tests := []struct {
		name, path string
		status     int
		want       []string // substrings of the body
		not        []string
	}{
		{"results", "/suche?q=Wohnsitz+anmelden", 200, []string{`href="/leistungen/` + wohnsitz + `"`, "Leistungen gefunden für „Wohnsitz anmelden“"}, nil},
		{"no results", "/suche?q=xqzvbn", 200, []string{"0 Leistungen gefunden", "Prüfen Sie die Schreibweise", `href="/themen/familie-kind"`}, []string{"Meinten Sie"}},
		{"did you mean", "/suche?q=Zulasungg", 200, []string{"Meinten Sie", `href="/suche?q=zulassung"`}, nil},
		{"no results with filter", "/suche?q=xqzvbn&thema=umwelt", 200, []string{"Ohne Filter suchen", `href="/suche?q=xqzvbn"`}, nil},
		{"page 3 of a topic", "/suche?thema=familie-kind&seite=3", 200,
			[]string{"Seite 3 von 24.", `href="/suche?seite=2&amp;thema=familie-kind" rel="prev"`, `aria-current="page"`, `href="/suche?seite=24&amp;thema=familie-kind"`}, nil},
		{"first page has no prev", "/suche?thema=familie-kind", 200, []string{`rel="next"`}, []string{`rel="prev"`}},
		{"page beyond the last", "/suche?thema=familie-kind&seite=99", 404, nil, nil},
		{"unknown filter", "/suche?thema=quatsch", 422, nil, nil},
		{"unknown audience", "/suche?zielgruppe=aliens", 400, nil, nil},
		{"service with a procedure", "/leistungen/" + wohnsitz, 200, []string{"Erforderliche Unterlagen", "Wohnungsgeberbestätigung", "Die Anmeldung ist gebührenfrei.",
			"Rechtsgrundlagen", "Bearbeitungsdauer", "Bearbeitungsfrist: 2 Wochen", "ohne Anmeldung möglich", "Wer ist für mich zuständig?",
			`href="/antrag/wohnsitz-anmelden?leistung=` + wohnsitz + `"`}, []string{"Dazu liegen noch keine Angaben vor", "[[missing"}},
		{"service without a procedure", "/leistungen/99001009000000", 200, []string{"Gehört zu „Abfallentsorgung“ in der Lebenslage „Wohnen &amp; Umzug“."},
			[]string{"Online beantragen", `href="/antrag/`, "Kosten", "Dazu liegen noch keine Angaben vor", "Rechtsgrundlagen"}},
		{"unknown service", "/leistungen/99999999999999", 404, nil, nil},
		{"finder: one municipality", "/leistungen/" + wohnsitz + "?ort=01067", 200, []string{"Zuständig für Dresden, Sachsen", "Bürgerbüro der Stadt Dresden", "Beispieldaten"}, []string{`name="gebiet"`}},
		{"finder: by place name", "/leistungen/" + wohnsitz + "?ort=Rochlitz", 200, []string{rochlitzAmt}, nil},
		{"finder: shared postal code", "/leistungen/" + wohnsitz + "?ort=" + sharedPLZ, 200, []string{`value="` + rochlitzARS + `"`, "Orte passen zu „09306“"}, []string{"finder-result"}},
		{"finder: chosen", "/leistungen/" + wohnsitz + "?ort=" + sharedPLZ + "&gebiet=" + rochlitzARS, 200, []string{rochlitzAmt}, nil},
		{"finder: other choice", "/leistungen/" + wohnsitz + "?ort=" + sharedPLZ + "&gebiet=145220120120", 200, []string{"Gemeindeverwaltung Erlau"}, []string{rochlitzAmt}},
		{"finder: empty", "/leistungen/" + wohnsitz + "?ort=", 200, []string{`aria-invalid="true"`, "Geben Sie eine Postleitzahl oder einen Ort ein."}, nil},
		{"finder: unknown", "/leistungen/" + wohnsitz + "?ort=99999", 200, []string{"keine Gemeinde gefunden"}, nil},
		{"finder: no authority", "/leistungen/99001009000000?ort=01067", 200, []string{"noch keine zuständige Stelle"}, nil},
		{"topic", "/themen/familie-kind", 200, []string{"232 Leistungen gefunden.", `href="/suche?thema=familie-kind"`}, nil},
		{"unknown topic", "/themen/quatsch", 404, nil, nil},
		{"situation", "/lebenslagen/geburt", 200, []string{"Elterngeld"}, nil},
		{"authority", "/behoerden/1", 200, []string{"Leistungen dieser Behörde"}, nil},
		{"unknown authority", "/behoerden/999999", 404, nil, nil},
		{"bad authority id", "/behoerden/abc", 404, nil, nil},
		{"coverage for the tenant's area", "/abdeckung", 200, []string{"Abdeckung in Sachsen", "Wohnsitz Anmeldung"}, nil},
		{"coverage for a state without data", "/abdeckung?gebiet=010000000000", 200, []string{"Abdeckung in Schleswig-Holstein", "0 / "}, nil},
		{"home", "/", 200, []string{`href="/themen/familie-kind"`, `href="/lebenslagen/geburt"`, "Häufig gesucht", `src="/static/`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := webtest.Do(t, "GET", base+tt.path, "", nil)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
			}
			for _, w := range tt.want {
				if !strings.Contains(body, w) {
					t.Errorf("body lacks %q", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(body, n) {
					t.Errorf("body has %q", n)
				}
			}
		})
	}
}

// TestPopularFirst: the home page lists the services with an online
// procedure first.
func TestPopularFirst(t *testing.T) {
	t.Parallel()
	base := browsertest.Start(t)
	_, body := webtest.Do(t, "GET", base+"/", "", nil)
	tiles := regexp.MustCompile(`(?s)<li class="amtsweg-tiles__item">(.*?)</li>`).FindAllStringSubmatch(body, -1)
	if len(tiles) != 8 {
		t.Fatalf("%d popular services, want 8", len(tiles))
	}
	for i, m := range tiles {
		if !strings.Contains(m[1], "Online") {
			t.Errorf("popular service %d has no online procedure: %s", i+1, m[1])
		}
	}
	if res, _ := webtest.Do(t, "GET", base+"/api/v1/suggestions?q=wohns", "", nil); res.StatusCode != http.StatusOK {
		t.Errorf("suggestions: %d", res.StatusCode)
	}
}
