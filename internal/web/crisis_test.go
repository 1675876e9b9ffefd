package web_test

import (
	"context"
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/casework/caseworktest"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/demo"
	"github.com/amtsweg/amtsweg/internal/outage/outagetest"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// wohnsitzKey is the demo catalog's residence registration service.
const wohnsitzKey = "99115005104000"

var authorityLinks = regexp.MustCompile(`href="/behoerden/\d+"`)

// TestCrisisModeDatabaseStopped is the acceptance test: stopping
// PostgreSQL leaves catalog pages at 200 and forms at a clear maintenance
// page that holds what was posted; restarting it resumes service without
// restarting amtsweg. It runs its own PostgreSQL server (the shared one
// must never be stopped) and stops it with pg_ctl -m immediate.
func TestCrisisModeDatabaseStopped(t *testing.T) {
	t.Parallel()
	pg := outagetest.StartPostgres(t)
	token := prepareCrisisDatabase(t, pg.DSN)
	base := browsertest.Start(t, browsertest.WithDatabaseURL(pg.DSN), browsertest.WithConfig(func(c *config.Config) {
		c.Jobs = true // background loops run through the outage too
	}))
	g := newCrisisClient(t, base)
	citizen := newCrisisClient(t, base)
	u, _ := url.Parse(base)
	citizen.c.Jar.SetCookies(u, []*http.Cookie{{Name: account.SessionCookie(false).Name, Value: token, Path: "/"}})
	citizen.want("GET", "/konto", nil, 200)
	servicePage := "/leistungen/" + wohnsitzKey + "?ort=01067"
	_, before := g.want("GET", servicePage, nil, 200)
	authorities := authorityLinks.FindAllString(before, -1)
	if len(authorities) == 0 || !strings.Contains(before, "Bürgerbüro der Stadt Dresden") {
		t.Fatalf("the finder found nobody before the outage:\n%s", excerpt(before))
	}
	res, _ := g.want("POST", "/antrag/crisis-test", url.Values{"leistung": {""}}, http.StatusSeeOther)
	page := res.Header.Get("Location")
	if !strings.Contains(page, "/seiten/p") {
		t.Fatalf("start led to %q", page)
	}
	g.want("GET", page, nil, 200)

	if err := pg.Stop(); err != nil {
		t.Fatal(err)
	}
	typed := url.Values{"name": {`Erika "Eri" Mustermann & <Söhne>`}, "aktion": {"weiter"}}
	res, body := g.want("POST", page, typed, http.StatusServiceUnavailable)
	checkFormKept(t, res, body, page)
	res, signup := g.want("POST", "/registrieren", url.Values{"kind": {"citizen"}, "email": {"erika@example.org"},
		"password": {"geheim-123456"}}, http.StatusServiceUnavailable)
	checkMaintenance(t, res, signup)
	checkReadyz(t, g, "degraded", http.StatusOK)
	if r, _ := g.do("GET", "/readyz?strict=1", nil); r.StatusCode != 503 {
		t.Errorf("strict readyz during the outage: %d, want 503", r.StatusCode)
	}
	res, body = g.want("POST", page, typed, http.StatusServiceUnavailable) // now through the crisis gate
	checkFormKept(t, res, body, page)

	for _, path := range []string{"/", "/suche?q=Wohnsitz", servicePage, "/orte/vorschlaege?q=Dresd", "/impressum"} {
		_, body := g.want("GET", path, nil, 200)
		if path == servicePage {
			if got := authorityLinks.FindAllString(body, -1); !slices.Equal(got, authorities) {
				t.Errorf("finder during the outage: %v, want %v", got, authorities)
			}
			if !strings.Contains(body, `id="crisis-notice"`) {
				t.Error("service page during the outage without the notice")
			}
		}
	}
	if res, _ := citizen.want("GET", "/suche?q=Wohnsitz", nil, 200); len(res.Cookies()) > 0 {
		t.Errorf("a catalog page in the outage touched the login's cookie: %v", res.Cookies())
	}
	citizen.want("GET", "/konto", nil, http.StatusServiceUnavailable)
	for _, path := range []string{page, "/konto", "/postfach", "/verwaltung"} {
		res, body := g.want("GET", path, nil, http.StatusServiceUnavailable)
		if res.Header.Get("Retry-After") == "" || !strings.Contains(body, "Wartung") {
			t.Errorf("GET %s during the outage: no maintenance page", path)
		}
	}

	if err := pg.Start(); err != nil {
		t.Fatal(err)
	}
	waitReady(t, g)
	res, _ = g.want("POST", page, resent(t, body), http.StatusSeeOther)
	if loc := res.Header.Get("Location"); !strings.HasSuffix(loc, "/pruefen") {
		t.Errorf("the resent page led to %q, want the review", loc)
	}
	_, review := g.want("GET", strings.TrimSuffix(page, "/seiten/p")+"/pruefen", nil, 200)
	if !strings.Contains(html.UnescapeString(review), `Erika "Eri" Mustermann & <Söhne>`) {
		t.Errorf("the review does not show the resent name:\n%s", excerpt(review))
	}
	citizen.want("GET", "/konto", nil, 200) // still logged in, nothing restarted
	if _, home := g.want("GET", "/", nil, 200); strings.Contains(home, `id="crisis-notice"`) {
		t.Error("the crisis notice stays after the database is back")
	}
}

// prepareCrisisDatabase migrates dsn and adds the demo data, a guest
// procedure with one page "p" and one required field "name", and a
// citizen's login session, whose token it returns.
func prepareCrisisDatabase(t *testing.T, dsn string) string {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx, log); err != nil {
		t.Fatal(err)
	}
	if err := demo.Seed(ctx, db, log); err != nil {
		t.Fatal(err)
	}
	caseworktest.ImportProcedure(t, db, caseworktest.Procedure{ID: "crisis-test", TitleDE: "Krisentest", TitleEN: "Crisis test"})
	ten, err := tenant.BySlug(ctx, db, demo.TenantSlug)
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := db.Writer().QueryRowContext(ctx, `INSERT INTO account (tenant_id, kind, state, email, email_norm, name, created_at)
		VALUES ($1, 'citizen', 'active', 'krise@example.de', 'krise@example.de', 'Erika Krise', $2) RETURNING id`,
		ten.ID, time.Now().UTC()).Scan(&id); err != nil {
		t.Fatal(err)
	}
	acc, err := account.New(db, account.DefaultConfig(), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	a, err := account.ByID(ctx, db, id)
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := acc.StartSession(ctx, a, account.SessionStart{Level: account.LevelSubstantial, Method: "test"})
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// checkFormKept: 503 with Retry-After and the same form page again, its
// field holding what was typed, with the notice that it was not saved.
func checkFormKept(t *testing.T, res *http.Response, body, page string) {
	t.Helper()
	if res.Header.Get("Retry-After") == "" {
		t.Error("maintenance answer without Retry-After")
	}
	for _, want := range []string{"Ihre Eingaben konnten nicht gespeichert werden", "in einigen Minuten erneut",
		`action="` + page + `"`, `id="f-name" name="name"`, `value="Erika "Eri" Mustermann & <Söhne>"`,
		`name="aktion" value="weiter"`, "Krisentest"} {
		if !strings.Contains(html.UnescapeString(body), want) {
			t.Errorf("the kept form lacks %q:\n%s", want, excerpt(body))
		}
	}
}

// checkMaintenance: a form without a keeper of its own gets the generic
// maintenance page: its values in a form to the same address, but never
// the password.
func checkMaintenance(t *testing.T, res *http.Response, body string) {
	t.Helper()
	if res.Header.Get("Retry-After") == "" {
		t.Error("maintenance page without Retry-After")
	}
	for _, want := range []string{"Wartung", `id="maintenance-form"`, `action="/registrieren"`, `value="erika@example.org"`,
		"Passwörter und Codes werden"} {
		if !strings.Contains(body, want) {
			t.Errorf("maintenance page lacks %q:\n%s", want, excerpt(body))
		}
	}
	if strings.Contains(body, "geheim-123456") {
		t.Error("the maintenance page shows the password")
	}
}

// resent is what the kept form sends: its inputs and the button.
func resent(t *testing.T, body string) url.Values {
	t.Helper()
	v := url.Values{}
	start := strings.Index(body, `<form class="amtsweg-form"`)
	if start < 0 {
		t.Fatalf("no form:\n%s", excerpt(body))
	}
	body = body[start:]
	body = body[:strings.Index(body, "</form>")+1]
	for _, m := range regexp.MustCompile(`<input[^>]*\sname="([^"]+)"[^>]*\svalue="([^"]*)"`).FindAllStringSubmatch(body, -1) {
		v.Add(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	v.Set("aktion", "weiter")
	if v.Get("name") == "" {
		t.Fatalf("the kept form does not hold the value: %v", v)
	}
	return v
}
