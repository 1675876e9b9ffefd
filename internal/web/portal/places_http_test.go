package portal_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

const (
	dresdenARS      = "146120000000"
	neustadtSachsen = "Neustadt in Sachsen, Landkreis Sächsische Schweiz-Osterzgebirge, Sachsen"
)

// TestPlacesHTTP checks the place finder without JavaScript and the
// suggestion endpoint, on both engines: official names with designations,
// typos and ambiguous names, answered by the server alone.
func TestPlacesHTTP(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			base := browsertest.Start(t, browsertest.WithDatabaseURL(storetest.DSN(t, d)))
			t.Run("finder", func(t *testing.T) { checkFinderNoJS(t, base) })
			t.Run("suggestions", func(t *testing.T) { checkSuggestions(t, base) })
		})
	}
}

func checkFinderNoJS(t *testing.T, base string) {
	page := "/leistungen/" + wohnsitz + "?ort="
	tests := []struct {
		name, input, extra string
		want, not          []string
	}{
		{"designation in front", "Kurort Oybin", "", []string{"Oybin, Landkreis Görlitz, Sachsen", `id="finder-result"`}, []string{`name="gebiet"`}},
		{"designation after a comma", "Dresden, Stadt", "", []string{"Zuständig für Dresden, Sachsen", "Bürgerbüro der Stadt Dresden"}, []string{`name="gebiet"`}},
		{"typo", "Dresdn", "", []string{"Zuständig für Dresden, Sachsen", "Bürgerbüro der Stadt Dresden"}, []string{`name="gebiet"`}},
		{"ambiguous", "Neustadt", "", []string{"Orte passen zu „Neustadt“", neustadtSachsen, "Neustadt an der Weinstraße, Rheinland-Pfalz", `name="auswahl"`},
			[]string{`id="finder-result"`, "Wählen Sie Ihre Gemeinde aus."}},
		{"sent without a choice", "Neustadt", "&auswahl=1", []string{"Wählen Sie Ihre Gemeinde aus.", `aria-describedby="gebiet-error"`}, nil},
		{"label of a suggestion", neustadtSachsen, "", []string{"Zuständig für " + neustadtSachsen}, []string{`name="gebiet"`}},
		{"chosen by ARS", "Dresden", "&gebiet=" + dresdenARS, []string{"Bürgerbüro der Stadt Dresden"}, nil},
		{"combobox markup", "", "", []string{`data-places="/orte/vorschlaege"`, `data-places-ars="gebiet"`, "places.js"}, nil},
		{"unknown", "Qwxyzzk", "", []string{"keine Gemeinde gefunden", `aria-invalid="true"`}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := webtest.Do(t, "GET", base+page+url.QueryEscape(tt.input)+tt.extra, "", nil)
			if res.StatusCode != 200 {
				t.Fatalf("status %d", res.StatusCode)
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

// suggestionAnswer is the endpoint's JSON as a client reads it.
type suggestionAnswer struct {
	Items []struct {
		ARS       string   `json:"ars"`
		Label     string   `json:"label"`
		Postcodes []string `json:"postcodes"`
	} `json:"items"`
	Status string `json:"status"`
}

func checkSuggestions(t *testing.T, base string) {
	get := func(query string, wantStatus int) suggestionAnswer {
		t.Helper()
		res, body := webtest.Do(t, "GET", base+"/orte/vorschlaege?"+query, "", nil)
		if res.StatusCode != wantStatus {
			t.Fatalf("%s: status %d, want %d", query, res.StatusCode, wantStatus)
		}
		if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "public") || res.Header.Get("Set-Cookie") != "" {
			t.Errorf("%s: Cache-Control %q, Set-Cookie %q; want cacheable without a cookie", query, cc, res.Header.Get("Set-Cookie"))
		}
		var a suggestionAnswer
		if err := json.Unmarshal([]byte(body), &a); err != nil {
			t.Fatalf("%s: %v in %s", query, err, body)
		}
		return a
	}
	a := get("q=dresd", 200)
	if len(a.Items) == 0 || a.Items[0].ARS != dresdenARS || a.Items[0].Label != "Dresden, Sachsen" ||
		len(a.Items[0].Postcodes) == 0 || len(a.Items[0].Postcodes) > 5 {
		t.Errorf("dresd: %+v", a)
	}
	if a = get("q=Dresdn&lang=en", 200); len(a.Items) != 1 || a.Items[0].ARS != dresdenARS || a.Status != "One place found. Use the arrow keys to choose." {
		t.Errorf("Dresdn: %+v", a)
	}
	if a = get("q=Neustadt", 200); len(a.Items) != 8 || !strings.HasPrefix(a.Status, "8 Orte gefunden") {
		t.Errorf("Neustadt: %d items, status %q; want 8", len(a.Items), a.Status)
	}
	if a = get("q=x", 200); len(a.Items) != 0 || a.Status != "Kein Ort gefunden." {
		t.Errorf("x: %+v", a)
	}
	if a = get("q="+strings.Repeat("a", 101), 400); len(a.Items) != 0 {
		t.Errorf("overlong: %+v", a)
	}
}
