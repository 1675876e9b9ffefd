package apply_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestPlaceField: the place field without JavaScript resolves "Kurort
// Oybin" and "Dresdn" by itself, offers every Neustadt with district and
// state to choose from, takes what the combobox sends (the label and the
// ARS), and shows the label, never the ARS, on the review page; on both
// engines.
func TestPlaceField(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			w := webtest.Start(t, d)
			_, err := procedure.Import(context.Background(), w.DB, []byte(placeProcedure), "test.json")
			webtest.Check(t, err)
			send := func(form url.Values) (int, string, string) {
				c := webtest.NewBrowser(t, w.Base)
				_, page, _ := c.Do("/antrag/test-gastort", url.Values{})
				form.Set("aktion", "weiter")
				return c.Do(page, form)
			}
			for _, tt := range []struct {
				name string
				form url.Values
				want string
			}{
				{"designation", url.Values{"gemeinde": {"Kurort Oybin"}}, "Oybin, Landkreis Görlitz, Sachsen"},
				{"typo", url.Values{"gemeinde": {"Dresdn"}}, "Dresden, Sachsen"},
				{"combobox", url.Values{"gemeinde": {"Dresden, Sachsen"}, "gemeinde.ars": {"146120000000"}}, "Dresden, Sachsen"},
			} {
				st, at, body := send(tt.form)
				if st != 200 || !strings.HasSuffix(at, "/pruefen") {
					t.Errorf("%s: %d at %s, want the review\n%s", tt.name, st, at, errorSummary(body))
					continue
				}
				if main := webtest.MainOf(body); !strings.Contains(main, tt.want) || strings.Contains(main, "146120000000") {
					t.Errorf("%s: review lacks %q or shows an ARS:\n%s", tt.name, tt.want, main)
				}
			}
			st, _, body := send(url.Values{"gemeinde": {"Neustadt"}})
			if st != 422 || !strings.Contains(body, `name="gemeinde.wahl"`) ||
				!strings.Contains(body, "Neustadt in Sachsen, Landkreis Sächsische Schweiz-Osterzgebirge, Sachsen") ||
				!strings.Contains(body, `data-places="/orte/vorschlaege"`) {
				t.Errorf("Neustadt: %d, want the choice with districts and states\n%s", st, webtest.MainOf(body))
			}
		})
	}
}
