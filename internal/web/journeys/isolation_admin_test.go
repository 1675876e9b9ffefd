package journeys_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// isoAdmin: own's tenant admin lists own's authority, staff, API client
// and dead webhook deliveries and none of other's; creating a client for
// other's authority and redelivering other's dead deliveries are refused
// and change nothing; own's statistics count own's case only and other's
// authority is answered like an unknown one.
func isoAdmin(t *testing.T, w *boWorld, own, other isoTenant) {
	ownDead, otherDead := isoKill(t, w, own), isoKill(t, w, other)
	isoPlan(t, w, own)
	for _, p := range []struct{ path, want, notWant string }{
		{"/verwaltung/mandant/behoerden", "Isolationsamt " + own.name, "Isolationsamt " + other.name},
		{"/verwaltung/mandant/personal", "Leitung " + own.name, "Leitung " + other.name},
		{"/verwaltung/mandant/api-clients", "Landesdienst " + own.name, "Landesdienst " + other.name},
		{"/verwaltung/mandant/webhooks", isoDeliveryField(ownDead), isoDeliveryField(otherDead)},
		{"/verwaltung/mandant/aktenplan", "Ordnung " + own.name, "Ordnung " + other.name},
		{"/verwaltung/mandant/aussonderung", "disposal-due-none", other.c.Reference},
		{"/verwaltung/mandant/fitconnect", own.inboxDest, other.inboxDest},
		{"/verwaltung/mandant/fitconnect", own.inboxSubmission, other.inboxSubmission},
		{"/verwaltung/mandant/fitconnect/" + own.inboxDest + "/jwks.json", `"keys"`, other.inboxDest},
	} {
		status, _, body := w.do(t, http.MethodGet, p.path, own.admin, own.host, "")
		if status != http.StatusOK || !strings.Contains(body, p.want) || strings.Contains(body, p.notWant) {
			t.Errorf("%s: GET %s %d: shows %q %v, %q %v", own.name, p.path, status, p.want, strings.Contains(body, p.want),
				p.notWant, strings.Contains(body, p.notWant))
		}
	}
	refused := []struct{ path, form string }{
		{"/verwaltung/mandant/api-clients", "name=Fremd&scope=events:read&authority=" + strconv.FormatInt(other.authority, 10)},
		{"/verwaltung/mandant/webhooks", "delivery=" + strconv.FormatInt(otherDead, 10)},
		{"/verwaltung/mandant/webhooks", "client=" + strconv.FormatInt(other.wideID, 10)},
		{"/verwaltung/mandant/fitconnect", "destination=1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d&authority=" + strconv.FormatInt(other.authority, 10)},
		{"/verwaltung/mandant/api-clients/format", "format=amtsweg&client=" + strconv.FormatInt(other.wideID, 10)},
	}
	for _, r := range refused {
		before := isoFingerprint(t, w, other)
		status, _, _ := w.do(t, http.MethodPost, r.path, own.admin, own.host, r.form)
		unknown := strings.NewReplacer(strconv.FormatInt(other.authority, 10), "999999999",
			strconv.FormatInt(otherDead, 10), "999999999", strconv.FormatInt(other.wideID, 10), "999999999").Replace(r.form)
		status2, _, _ := w.do(t, http.MethodPost, r.path, own.admin, own.host, unknown)
		if after := isoFingerprint(t, w, other); after != before || status != status2 || status < 300 {
			t.Errorf("%s: POST %s %s: %d (an unknown id: %d); data changed: %v", own.name, r.path, r.form, status, status2, after != before)
		}
	}
	jwks := "/verwaltung/mandant/fitconnect/" + other.inboxDest + "/jwks.json"
	status, _, _ := w.do(t, http.MethodGet, jwks, own.admin, own.host, "")
	unknown, _, _ := w.do(t, http.MethodGet, strings.Replace(jwks, other.inboxDest, "00000000-0000-4000-8000-000000000000", 1), own.admin, own.host, "")
	if status != http.StatusNotFound || unknown != status {
		t.Errorf("%s: the public keys of %s's destination: %d (an unknown one: %d), want 404", own.name, other.name, status, unknown)
	}
	isoStats(t, w, own, other)
}

// isoStats: own's head of unit's statistics hold own's one decided case,
// and asking for other's authority is answered like an unknown authority.
func isoStats(t *testing.T, w *boWorld, own, other isoTenant) {
	s, err := casework.LoadStaff(context.Background(), w.db, own.tenantID, own.headID)
	boCheck(t, err)
	st, err := w.cases.Statistics(context.Background(), s, casework.StatsFilter{})
	boCheck(t, err)
	if st.Decided != 1 {
		t.Errorf("%s: statistics count %d decided cases, want its own 1", own.name, st.Decided)
	}
	stats := func(auth int64) (int, string) {
		status, _, body := w.do(t, http.MethodGet, "/verwaltung/statistik?behoerde="+strconv.FormatInt(auth, 10), own.head, own.host, "")
		return status, body
	}
	if status, body := stats(own.authority); status != http.StatusOK || !strings.Contains(body, "Isolationsamt "+own.name) {
		t.Errorf("%s: own statistics %d", own.name, status)
	}
	status, body := stats(other.authority)
	if unknown, _ := stats(999999999); status != unknown || status == http.StatusOK || strings.Contains(body, "Isolationsamt "+other.name) {
		t.Errorf("%s: statistics of %s's authority %d, of an unknown one %d", own.name, other.name, status, unknown)
	}
}

// isoKill dead-letters it's webhook client's delivered deliveries (as if
// the receiver had been gone for three days) and returns one of them.
func isoKill(t *testing.T, w *boWorld, it isoTenant) int64 {
	t.Helper()
	ctx := context.Background()
	_, err := w.db.ExecContext(ctx, `UPDATE webhook_delivery SET state = 'dead', last_error = 'receiver gone'
		WHERE client_id = $1 AND state = 'delivered'`, it.wideID)
	boCheck(t, err)
	var id int64
	boCheck(t, w.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM webhook_delivery WHERE client_id = $1 AND state = 'dead'`,
		it.wideID).Scan(&id))
	if id == 0 {
		t.Fatalf("%s: no delivery to dead-letter", it.name)
	}
	return id
}

// isoDeliveryField is the hidden field of a delivery's redeliver button.
func isoDeliveryField(id int64) string {
	return `name="delivery" value="` + strconv.FormatInt(id, 10) + `"`
}

// isoRedeliver: A's tenant admin clicks "deliver again" for one of A's
// dead deliveries in Chromium; it reaches A's receiver again, and B's dead
// deliveries stay dead. B's admin then redelivers all of B's client over
// HTTP, which leaves A's untouched.
func isoRedeliver(t *testing.T, w *boWorld, a, b isoTenant) {
	dead := func(it isoTenant) int {
		var n int
		boCheck(t, w.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM webhook_delivery
			WHERE client_id = $1 AND state = 'dead'`, it.wideID).Scan(&n))
		return n
	}
	aDead, bDead := dead(a), dead(b)
	arrived, _ := a.hook.events()
	tab := browsertest.Tab(t)
	_, err := chromedp.Call(tab, network.SetCookie, network.SetCookieParams{Name: account.SessionCookie(false).Name,
		Value: a.admin, URL: w.base + "/", Path: "/"})
	boCheck(t, err)
	browser.Navigate(t, tab, w.base+"/verwaltung/mandant/webhooks")
	webtest.CheckStaffPage(t, tab, "")
	webtest.Click(t, tab, `form[action="/verwaltung/mandant/webhooks"] input[name="delivery"] ~ button`,
		`document.readyState === "complete" && location.search.includes("hinweis=erneut")`)
	webtest.CheckStaffPage(t, tab, "")
	if dead(a) != aDead-1 || dead(b) != bDead {
		t.Errorf("after A's click: A has %d dead (was %d), B %d (was %d)", dead(a), aDead, dead(b), bDead)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if got, _ := a.hook.events(); len(got) > len(arrived) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the redelivered event did not reach A's receiver")
		}
	}
	form := url.Values{"client": {fmt.Sprint(b.wideID)}}.Encode()
	if status, loc, _ := w.do(t, http.MethodPost, "/verwaltung/mandant/webhooks", b.admin, b.host, form); status != http.StatusSeeOther || !strings.Contains(loc, "erneut") {
		t.Errorf("B's redelivery of its client: %d %s", status, loc)
	}
	if dead(b) != 0 || dead(a) != aDead-1 {
		t.Errorf("after B's redelivery: B has %d dead, A %d (want 0, %d)", dead(b), dead(a), aDead-1)
	}
}

// isoPlan imports it's filing plan through its admin's page: one unit
// titled with the tenant's name.
func isoPlan(t *testing.T, w *boWorld, it isoTenant) {
	t.Helper()
	plan := "kennzeichen;titel;uebergeordnet;aufbewahrung;aussonderungsart\n10;Ordnung " + it.name + ";;P10Y;A\n"
	if resp, _ := recordsUpload(t, w, "/verwaltung/mandant/aktenplan", it, "plan", "plan.csv", []byte(plan)); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("%s: plan upload %d", it.name, resp.StatusCode)
	}
}
