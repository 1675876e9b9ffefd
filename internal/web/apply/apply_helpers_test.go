package apply_test

import (
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// startApplyApp runs the demo app on a fresh database of dialect d and
// publishes "Wohnsitz anmelden" version 2 for guests: the demo's version 1
// needs an eID login (substantial), which a test cannot perform, so the
// journeys apply as guests to an otherwise identical definition.
func startApplyApp(t *testing.T, d store.Dialect) string {
	t.Helper()
	dsn := storetest.DSN(t, d)
	base := browsertest.Start(t, browsertest.WithDatabaseURL(dsn))
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	def, err := os.ReadFile("../../procedure/demo/wohnsitz-anmelden.yaml")
	if err != nil {
		t.Fatal(err)
	}
	guest := strings.NewReplacer("version: 1", "version: 2", "guest: false", "guest: true", "assurance: substantial", "assurance: low").
		Replace(string(def))
	if _, err := procedure.Import(t.Context(), db, []byte(guest), "wohnsitz-anmelden-gast.yaml"); err != nil {
		t.Fatal(err)
	}
	return base
}

// status GETs url without cookies and without following redirects.
func apStatus(t *testing.T, base, url string) int {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}
