package journeys_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/fitconnect/subscriber"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// adminCount counts what the tenant admin pages can change.
func (w *boWorld) adminCount(t *testing.T) string {
	t.Helper()
	var clients, overlays, dead, failed, destinations, legacy int
	boCheck(t, w.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM api_client`).Scan(&clients))
	boCheck(t, w.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM fitconnect_destination`).Scan(&destinations))
	boCheck(t, w.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM api_client WHERE webhook_format = 'amtsweg'`).Scan(&legacy))
	boCheck(t, w.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM procedure_overlay WHERE overlay LIKE '%P9W%'`).Scan(&overlays))
	boCheck(t, w.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM webhook_delivery WHERE state = 'dead'`).Scan(&dead))
	boCheck(t, w.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM job WHERE state = 'discarded'`).Scan(&failed))
	return fmt.Sprint(clients, overlays, dead, failed, destinations, legacy)
}

// adminRoute checks one tenant admin route for every caller of the
// matrix: only the tenant admin of the host's tenant gets through (taA on
// A's host, taB on B's host); everyone else, including a tenant admin's
// session on the other tenant's host, is refused and changes nothing.
func (mx *matrix) adminRoute(t *testing.T, pattern string) int {
	ctx := context.Background()
	for _, id := range []tenant.ID{mx.w.tenantA, mx.w.tenantB} {
		boCheck(t, procedure.SaveOverlay(ctx, mx.w.db, "test", id, "bo-matrix", []byte(`{"deadline": "P2M"}`)))
	}
	method, path := fillPattern(pattern, map[string]string{"procedure": "bo-matrix", "destination": mx.fitDestination(t)})
	form := ""
	if method == http.MethodPost {
		form = "overlay=" + url.QueryEscape(`{"deadline": "P9W"}`) + "&name=Fremd&scope=events%3Aread"
	}
	n := 0
	for _, who := range mx.callers {
		hosts := []string{who.host}
		if who.token != "" {
			hosts = append(hosts, map[string]string{"": hostB, hostB: ""}[who.host]) // the other tenant's host too
		}
		for _, host := range hosts {
			may := host == who.host && (who.name == "taA" || who.name == "taB")
			if may && method == http.MethodPost {
				continue // allowed writes: TestTenantAdminPages
			}
			before := mx.w.adminCount(t)
			status, loc, body := mx.w.do(t, method, path, who.token, host, form)
			n++
			switch {
			case may && status != mayStatus(pattern, who.name):
				t.Errorf("%s %s as %s: %d, want %d", method, path, who.name, status, mayStatus(pattern, who.name))
			case !may && !denied(status, loc):
				t.Errorf("%s %s as %s (host %q): %d %s, want it denied", method, path, who.name, host, status, loc)
			case !may && mx.w.adminCount(t) != before:
				t.Errorf("%s %s as %s (host %q) changed data", method, path, who.name, host)
			case !may && strings.Contains(body, "Behoerdenadmin"):
				t.Errorf("%s %s as %s: the denial lists staff", method, path, who.name)
			}
		}
	}
	return n
}

// mayStatus is what a tenant admin who may call pattern gets: 200, but
// 404 for tenant A's destination (fitDestination) as B's admin.
func mayStatus(pattern, who string) int {
	if strings.Contains(pattern, "{destination}") && who != "taA" {
		return http.StatusNotFound
	}
	return http.StatusOK
}

// fitDestination is a FIT-Connect destination of tenant A, made once.
func (mx *matrix) fitDestination(t *testing.T) string {
	t.Helper()
	if mx.fitDest == "" {
		mx.fitDest = "3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a"
		_, err := subscriber.CreateDestination(context.Background(), mx.w.db, blobtest.KeysOf(t, mx.w.db, mx.w.dir), "test",
			mx.w.tenantA, mx.a1, mx.fitDest)
		boCheck(t, err)
	}
	return mx.fitDest
}

// TestTenantAdminPages walks the tenant admin pages in Chromium as the
// tenant admin of tenant A, in German and English, each axe-clean; checks
// that the lists show A's things and not B's; that an overlay that does
// not fit is refused with its problems and nothing stored, and one that
// fits is stored; and that a new API client's secret is shown once — on
// both databases.
func TestTenantAdminPages(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := boStart(t, d)
			ctx := context.Background()
			a := isoSetup(t, w, "A", "", w.tenantA, 0)
			b := isoSetup(t, w, "B", hostB, w.tenantB, a.authority)
			boCheck(t, procedure.SaveOverlay(ctx, w.db, "test", w.tenantA, "bo-matrix", []byte(`{"deadline": "P2M"}`)))
			boCheck(t, procedure.SaveOverlay(ctx, w.db, "test", w.tenantB, "bo-matrix", []byte(`{"deadline": "P3M"}`)))
			tab := browsertest.Tab(t)
			_, err := chromedp.Call(tab, network.SetCookie, network.SetCookieParams{Name: account.SessionCookie(false).Name,
				Value: a.admin, URL: w.base + "/", Path: "/"})
			boCheck(t, err)
			for _, lang := range []string{"de", "en"} {
				_, err = chromedp.Call(tab, network.SetCookie, network.SetCookieParams{Name: "lang", Value: lang, URL: w.base + "/", Path: "/"})
				boCheck(t, err)
				for _, p := range []struct{ path, want, notWant string }{
					{"/verwaltung/mandant", "", ""},
					{"/verwaltung/mandant/behoerden", "Isolationsamt A", "Isolationsamt B"},
					{"/verwaltung/mandant/personal", "Leitung A", "Leitung B"},
					{"/verwaltung/mandant/zustaendigkeiten", "", ""},
					{"/verwaltung/mandant/anpassungen", "bo-matrix", ""},
					{"/verwaltung/mandant/anpassungen/bo-matrix", "bo-matrix", ""},
					{"/verwaltung/mandant/api-clients", "Fachverfahren A", "Fachverfahren B"},
					{"/verwaltung/mandant/api-clients", "CloudEvents", ""}, // the webhook client's format
					{"/verwaltung/mandant/webhooks", "", ""},
					{"/verwaltung/mandant/auftraege", "", ""},
					{"/verwaltung/mandant/aktenplan", "kennzeichen", ""}, // the empty state explains the CSV columns
					{"/verwaltung/mandant/aussonderung", "", ""},
					{"/verwaltung/mandant/fitconnect", a.inboxDest, b.inboxDest},
					{"/verwaltung/mandant/fitconnect", a.inboxSubmission, b.inboxSubmission},
					{"/verwaltung/mandant/fitconnect?ergebnis=angenommen", "", a.inboxSubmission},
				} {
					browser.Navigate(t, tab, w.base+p.path)
					webtest.CheckStaffPage(t, tab, p.want)
					if text := browser.Eval[string](t, tab, `document.body.innerText`); p.notWant != "" && strings.Contains(text, p.notWant) {
						t.Errorf("%s (%s) shows tenant B's %q", p.path, lang, p.notWant)
					}
					if v := browser.Eval[string](t, tab, `(document.getElementById("overlay") || {value: "P2M"}).value`); !strings.Contains(v, "P2M") {
						t.Errorf("%s: the form holds %q, want tenant A's overlay", p.path, v)
					}
				}
			}
			adminOverlayEdit(t, w, tab, b)
			adminClientCreate(t, w, tab)
		})
	}
}

// adminOverlayEdit: a deadline that does not compile is refused with the
// problem shown and the stored overlay unchanged; a fitting one is saved.
func adminOverlayEdit(t *testing.T, w *boWorld, tab context.Context, b isoTenant) {
	ctx := context.Background()
	browser.Navigate(t, tab, w.base+"/verwaltung/mandant/anpassungen/bo-matrix")
	set := func(v string) {
		browser.Eval[bool](t, tab, fmt.Sprintf(`(() => { document.getElementById("overlay").value = %q; return true })()`, v))
		webtest.Click(t, tab, `form[action$="/anpassungen/bo-matrix"] button`, `document.readyState === "complete" && !!document.querySelector("#overlay-error, #overlay-saved")`)
	}
	set(`{"deadline": "drei Wochen"}`)
	webtest.CheckStaffPage(t, tab, "deadline")
	if so, err := procedure.GetOverlay(ctx, w.db, w.tenantA, "bo-matrix"); err != nil || !strings.Contains(so.Raw, "P2M") {
		t.Errorf("a refused overlay was stored: %q %v", so.Raw, err)
	}
	set(`{"deadline": "P5W"}`)
	webtest.CheckStaffPage(t, tab, "bo-matrix")
	if v := browser.Eval[string](t, tab, `document.getElementById("overlay").value`); !strings.Contains(v, "P5W") {
		t.Errorf("after saving the form holds %q", v)
	}
	if so, err := procedure.GetOverlay(ctx, w.db, w.tenantA, "bo-matrix"); err != nil || !strings.Contains(so.Raw, "P5W") {
		t.Errorf("the fitting overlay was not stored: %q %v", so.Raw, err)
	}
	if so, err := procedure.GetOverlay(ctx, w.db, b.tenantID, "bo-matrix"); err != nil || !strings.Contains(so.Raw, "P3M") {
		t.Errorf("tenant B's overlay changed: %q %v", so.Raw, err)
	}
}

// adminClientCreate: an empty form is refused; a valid one creates a
// client of tenant A whose secret is shown once and works as an API key.
func adminClientCreate(t *testing.T, w *boWorld, tab context.Context) {
	browser.Navigate(t, tab, w.base+"/verwaltung/mandant/api-clients")
	webtest.Click(t, tab, `form[action="/verwaltung/mandant/api-clients"] button`, `!!document.getElementById("client-error")`)
	webtest.CheckStaffPage(t, tab, "")
	browser.Eval[bool](t, tab, `(() => { document.getElementById("client-name").value = "Neues Fachverfahren";
		document.querySelector('input[value="events:read"]').checked = true; return true })()`)
	webtest.Click(t, tab, `form[action="/verwaltung/mandant/api-clients"] button`, `!!document.getElementById("client-created")`)
	webtest.CheckStaffPage(t, tab, "Neues Fachverfahren")
	key := browser.Eval[string](t, tab, `document.getElementById("client-key").innerText`)
	secret := browser.Eval[string](t, tab, `document.getElementById("client-secret").innerText`)
	if status, _ := isoAPIGet(t, w, "/api/v1/events", key, ""); status != http.StatusOK {
		t.Errorf("the new client's key: %d, want 200", status)
	}
	if status, _ := isoAPIGet(t, w, "/api/v1/events", key, hostB); status != http.StatusUnauthorized {
		t.Errorf("the new client's key on B's host: %d, want 401", status)
	}
	browser.Navigate(t, tab, w.base+"/verwaltung/mandant/api-clients")
	if text := browser.Eval[string](t, tab, `document.body.innerHTML`); len(secret) < 32 || strings.Contains(text, secret) {
		t.Errorf("the secret (%d chars) is shown again", len(secret))
	}
}
