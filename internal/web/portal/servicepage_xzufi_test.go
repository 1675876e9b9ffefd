package portal_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestServicePageXZuFiTexts: after an XZuFi import with every text
// module, the service page shows each in its own section with its
// heading, rich text as HTML without any of the active content the
// message carried, and the English texts on the English page; on every
// database engine.
func TestServicePageXZuFiTexts(t *testing.T) {
	t.Parallel()
	msg, err := os.ReadFile("../../catalog/testdata/xzufi-alle-module.xml")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			dsn := storetest.DSN(t, d)
			base := browsertest.Start(t, browsertest.WithDatabaseURL(dsn))
			db, err := store.Open(t.Context(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var id tenant.ID
			if err := db.QueryRowContext(t.Context(), "SELECT id FROM tenant ORDER BY id LIMIT 1").Scan(&id); err != nil {
				t.Fatal(err)
			}
			if _, err := catalog.ImportXZuFi(t.Context(), db, id, strings.NewReader(string(msg)), "alle.xml", nil); err != nil {
				t.Fatal(err)
			}
			var body string
			for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
				if _, body = getHostLang(t, base, "127.0.0.1", "de", "/leistungen/99041006017000"); strings.Contains(body, "Rechtsbehelf") {
					break
				}
				if time.Now().After(deadline) {
					t.Fatal("the imported texts do not show")
				}
			}
			for _, w := range []string{"<strong>fehlendes Einkommen</strong>", "<li>Geburtsurkunde</li>", "Sie betreuen Ihr Kind selbst.",
				"<li>12,50 EUR: Beglaubigte Kopie</li>", "3 Monate: rückwirkend ab Antragseingang", "2–4 Wochen", "Verfahrensablauf",
				"Formulare", "Rechtsbehelf", "Weiterführende Informationen", `href="https://familienportal.de/elterngeld" rel="nofollow noopener noreferrer"`,
				"Zuständige Stelle", "Ansprechpunkt", "Urheber des Textes", "§ 1 bis § 14 BEEG"} {
				if !strings.Contains(body, w) {
					t.Errorf("de page lacks %q", w)
				}
			}
			for _, bad := range []string{"alert(", "onerror", "javascript:", "&lt;p&gt;", "&lt;strong&gt;"} {
				if strings.Contains(body, bad) {
					t.Errorf("de page contains %q: %s", bad, excerpt(body, bad))
				}
			}
			_, en := getHostLang(t, base, "127.0.0.1", "en", "/leistungen/99041006017000")
			for _, w := range []string{"<em>lost income</em>", "EUR 0.00: The application is free of charge.", "Legal remedy", "Further information"} {
				if !strings.Contains(en, w) {
					t.Errorf("en page lacks %q", w)
				}
			}
		})
	}
}
