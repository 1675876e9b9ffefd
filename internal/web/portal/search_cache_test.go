package portal_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestSearchPageCache: the search page's main part is kept per catalog
// version for visitors without a session; a repeated search must still
// show the request's own language, tenant and filter selection, and a
// catalog change must show at once in a search made before it.
func TestSearchPageCache(t *testing.T) {
	t.Parallel()
	dsn := storetest.DSN(t, store.SQLite)
	base := browsertest.Start(t, browsertest.WithDatabaseURL(dsn))
	const path = "/suche?q=Zitronenfalterz%C3%A4hlung"
	get := func(host, lang, path string) string {
		t.Helper()
		res, body := getHostLang(t, base, host, lang, path)
		if res.StatusCode != 200 {
			t.Fatalf("%s %s: status %d", host, path, res.StatusCode)
		}
		return body
	}
	for range 2 { // the second round is served from the cache
		de := get("127.0.0.1", "de", path)
		en := get("127.0.0.1", "en", path)
		th := get("thueringen.localhost", "de", path)
		for _, c := range []struct{ name, body, want, not string }{
			{"German", de, "0 Leistungen gefunden", "services found"},
			{"English", en, "0 services found", "Leistungen gefunden"},
			{"Sachsen", de, "Freistaat Sachsen", "Thüringen"},
			{"Thüringen", th, "Freistaat Thüringen", "Freistaat Sachsen"},
		} {
			if !strings.Contains(c.body, c.want) || strings.Contains(c.body, c.not) {
				t.Errorf("%s page: want %q and not %q", c.name, c.want, c.not)
			}
		}
		sel := get("127.0.0.1", "de", "/suche?q=Kindergeld&thema=familie-kind")
		if !regexp.MustCompile(`value="familie-kind"\s+selected`).MatchString(sel) {
			t.Error("topic filter not selected")
		}
		if none := get("127.0.0.1", "de", "/suche?q=Kindergeld"); strings.Contains(none, " selected") {
			t.Error("an option is selected without a filter")
		}
		// The same results under another address: the language switch
		// returns to the request's own address.
		if p := get("127.0.0.1", "de", "/suche?q=Kindergeld&seite=1"); !strings.Contains(p, `name="next" value="/suche?q=Kindergeld&amp;seite=1"`) {
			t.Error("language switch does not return to the request's address")
		}
	}

	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const row = "99048777000000,Zitronenfalterzählung,5,1,Zitronenfalterzählung,Tierhaltung,Umwelt,,\n"
	if _, err := catalog.ImportLeiKa(t.Context(), db, strings.NewReader(leikaHeader+row), "t.csv", nil); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if strings.Contains(get("127.0.0.1", "de", path), `href="/leistungen/99048777000000"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the new service does not show in a search made before the change")
		}
	}
}

const leikaHeader = "leika_key,name,service_type,ozg_id,ozg_name,lebenslage,themenfeld,legal_basis,law_shortcuts\n"

// getHostLang GETs path with the Host header host and the
// Accept-Language lang, without cookies.
func getHostLang(t *testing.T, base, host, lang, path string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Host = host
	req.Header.Set("Accept-Language", lang)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}
