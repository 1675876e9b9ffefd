package backoffice_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/casework/caseworktest"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// longAuthority and longProcedure are names as long as real ones, which
// the old charts cut and laid over each other (issue 14, screenshot
// 55-stats-chart1-zoom.png).
const (
	longAuthority = "Landratsamt Sächsische Schweiz-Osterzgebirge, Referat Verkehrsangelegenheiten und Sondernutzungen"
	longProcedure = "Erlaubnis für die Sondernutzung öffentlicher Verkehrsflächen anlässlich von Veranstaltungen"
)

// TestStatisticsPage: a case worker (403 before issue 14) opens the
// statistics of their unit; at 1265 and at 375 px every chart fills its
// box, no two of its labels overlap, none is cut or smaller than 12 px,
// the page does not scroll sideways, and it is axe-clean in German and
// English. The filter works with the keyboard only. Another unit's
// figures stay closed to the case worker. On both databases.
func TestStatisticsPage(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := webtest.Start(t, d)
			unit, other := statsAuthority(t, w, longAuthority), statsAuthority(t, w, "Stadtverwaltung Pirna")
			seedStats(t, w, unit, other)
			worker := w.Staff(t, w.TenantA, "Stella Statistik", account.StaffRole{AuthorityID: unit, Role: account.RoleCaseWorker})
			token := w.Session(t, worker)
			if status, _, body := w.Do(t, http.MethodGet, "/verwaltung/statistik", token, "", ""); status != http.StatusOK ||
				strings.Contains(body, "Stadtverwaltung Pirna") {
				t.Fatalf("a case worker's statistics: %d, naming the other unit: %v", status, strings.Contains(body, "Stadtverwaltung Pirna"))
			}
			if status, _, _ := w.Do(t, http.MethodGet, "/verwaltung/statistik?behoerde="+strconv.FormatInt(other, 10), token, "", ""); status != http.StatusForbidden {
				t.Fatalf("another unit's statistics for a case worker: %d, want 403", status)
			}

			ctx := browsertest.Tab(t)
			_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: account.SessionCookie(false).Name,
				Value: token, URL: w.Base + "/", Path: "/"})
			webtest.Check(t, err)
			checkerFindsFaults(t, ctx, w.Base)
			for _, width := range []int64{1265, 375} {
				browser.Viewport(t, ctx, width, 900)
				browsertest.Navigate(t, ctx, w.Base+"/verwaltung/statistik")
				webtest.CheckStaffPage(t, ctx, longProcedure)
				if problems := chartProblems(t, ctx); len(problems) > 0 {
					browser.Screenshot(t, ctx, fmt.Sprintf("/tmp/stats-%d.png", width))
					t.Fatalf("at %d px:\n%s", width, strings.Join(problems, "\n"))
				}
			}

			browser.AcceptLanguage(t, ctx, "en")
			browsertest.Navigate(t, ctx, w.Base+"/verwaltung/statistik")
			webtest.CheckPage(t, ctx, i18n.English)
			if problems := chartProblems(t, ctx); len(problems) > 0 {
				t.Fatalf("in English at 375 px:\n%s", strings.Join(problems, "\n"))
			}

			browser.Viewport(t, ctx, 1265, 900)
			browser.AcceptLanguage(t, ctx, "de-DE,de;q=0.9")
			browsertest.Navigate(t, ctx, w.Base+"/verwaltung/statistik")
			browsertest.SkipLink(t, ctx)
			webtest.TabTo(t, ctx, "the procedure filter", webtest.ByID("verfahren"))
			browser.Press(t, ctx, kb.ArrowDown)
			webtest.PressButton(t, ctx, "Anzeigen", `location.search.includes("verfahren=")`)
			webtest.CheckStaffPage(t, ctx, "Bearbeitungsdauer nach Verfahren")
			if got := browser.Eval[string](t, ctx, `document.getElementById("verfahren").value`); got == "" {
				t.Fatalf("the chosen procedure is not kept in the filter")
			}
		})
	}
}

// statsAuthority creates an authority of the demo tenant.
func statsAuthority(t *testing.T, w *webtest.World, name string) int64 {
	t.Helper()
	var id int64
	err := w.DB.Writer().QueryRowContext(context.Background(), `INSERT INTO authority (tenant_id, authority_key, name, kind,
		street, postcode, city, email, updated_at) VALUES ($1, $2, $3, 'Landratsamt', 'Schloßhof 2', '01796', 'Pirna',
		'post@example.de', $4) RETURNING id`, w.TenantA, "stats-"+strconv.Itoa(len(name)), name, time.Now().UTC()).Scan(&id)
	webtest.Check(t, err)
	return id
}

// seedStats submits cases of two procedures and moves them, with their
// dates, to the two authorities in every status.
func seedStats(t *testing.T, w *webtest.World, unit, other int64) {
	t.Helper()
	caseworktest.ImportProcedure(t, w.DB, caseworktest.Procedure{ID: "stats-lang", TitleDE: longProcedure,
		TitleEN: "Permit for the special use of public traffic areas for events"})
	now := time.Now().UTC()
	day := func(n int) any {
		if n == 0 {
			return nil
		}
		return now.AddDate(0, 0, -n)
	}
	for i, c := range []struct {
		procedure, status  string
		auth               int64
		received, decided  int // days ago; 0 for none
		deadlineInPastDays int
	}{
		{"stats-lang", "received", unit, 2, 0, 0}, {"stats-lang", "received", unit, 9, 0, 0}, {"bo-matrix", "received", unit, 15, 0, 1},
		{"stats-lang", "in_review", unit, 20, 0, 3}, {"bo-matrix", "in_review", unit, 30, 0, 0}, {"stats-lang", "waiting", unit, 40, 0, 0},
		{"stats-lang", "decided", unit, 70, 40, 0}, {"stats-lang", "decided", unit, 60, 45, 0}, {"bo-matrix", "decided", unit, 50, 20, 0},
		{"bo-matrix", "closed", unit, 80, 70, 0}, {"stats-lang", "decided", unit, 35, 5, 0}, {"bo-matrix", "decided", other, 30, 10, 0},
		{"bo-matrix", "received", other, 3, 0, 0},
	} {
		s := w.CW.Submit(t, caseworktest.Submission{TenantID: w.TenantA, Procedure: c.procedure, Owner: apply.GuestOwner(w.TenantA, ""),
			Name: fmt.Sprintf("Antrag %d", i), Staff: w.Principal(t, w.TenantA, "clearing")})
		_, err := w.DB.ExecContext(context.Background(), `UPDATE case_record SET authority_id = $1, clearing = $2, status = $3,
			received_at = $4, decided_at = $5, deadline_at = $6 WHERE id = $7 AND tenant_id = $8`, c.auth, false, c.status,
			day(c.received), day(c.decided), day(c.deadlineInPastDays), s.Case.ID, tenant.ID(w.TenantA))
		webtest.Check(t, err)
	}
}

// chartProblemsJS lists what is wrong with the charts on the page: a
// chart narrower than its box, a label outside its chart (cut), smaller
// than 12 px or overlapping another, and a page that scrolls sideways.
const chartProblemsJS = `(() => {
	const out = [];
	const root = document.documentElement;
	if (root.scrollWidth > root.clientWidth) out.push("the page scrolls sideways: " + root.scrollWidth + " > " + root.clientWidth + " (" +
		[...document.querySelectorAll("main *")].filter(e => e.getBoundingClientRect().right > root.clientWidth + 0.5)
			.slice(0, 3).map(e => e.tagName + "#" + e.id + "." + e.className).join(", ") + ")");
	const charts = [...document.querySelectorAll("svg.amtsweg-chart")];
	if (charts.length === 0) out.push("no chart");
	const hit = (a, b) => a.left + 1 < b.right && b.left + 1 < a.right && a.top + 1 < b.bottom && b.top + 1 < a.bottom;
	for (const svg of charts) {
		const box = svg.getBoundingClientRect(), room = svg.parentElement.getBoundingClientRect();
		if (box.width + 1 < room.width) out.push(svg.id + ": " + box.width + " px wide in a box of " + room.width);
		if (box.right > root.clientWidth + 0.5) out.push(svg.id + ": ends at " + box.right + " beyond " + root.clientWidth);
		const texts = [...svg.querySelectorAll("text")].filter(e => e.textContent.trim() !== "")
			.map(e => ({t: e.textContent.trim(), r: e.getBoundingClientRect()}));
		if (texts.length === 0) out.push(svg.id + ": no labels");
		for (const a of texts) {
			if (a.r.height < 12) out.push(svg.id + ": " + JSON.stringify(a.t) + " is " + a.r.height + " px high");
			if (a.r.left < box.left - 0.5 || a.r.right > box.right + 0.5 || a.r.top < box.top - 0.5 || a.r.bottom > box.bottom + 0.5)
				out.push(svg.id + ": " + JSON.stringify(a.t) + " is cut");
		}
		for (let i = 0; i < texts.length; i++)
			for (let j = i + 1; j < texts.length; j++)
				if (hit(texts[i].r, texts[j].r)) out.push(svg.id + ": " + JSON.stringify(texts[i].t) + " overlaps " + JSON.stringify(texts[j].t));
	}
	return out;
})()`

func chartProblems(t *testing.T, ctx context.Context) []string {
	t.Helper()
	return browser.Eval[[]string](t, ctx, chartProblemsJS)
}

// checkerFindsFaults proves the measurement can fail: on a chart of the
// old kind (labels under narrow bars, a fixed small size, one label
// beyond the edge) it reports overlapping, cut and too small labels.
func checkerFindsFaults(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	browsertest.Navigate(t, ctx, base+"/verwaltung/statistik")
	browser.Eval[bool](t, ctx, `(() => { document.querySelector("main").innerHTML = '<div><svg class="amtsweg-chart" id="old" width="300" height="60" viewBox="0 0 600 120">' +
		'<text x="40" y="100" font-size="11">Eingegangen</text><text x="80" y="100" font-size="11">In Bearbeitung</text>' +
		'<text x="580" y="40" font-size="22">Wartet auf Antragsteller</text></svg></div>'; return true })()`)
	got := strings.Join(chartProblems(t, ctx), "\n")
	for _, want := range []string{`"Eingegangen" overlaps "In Bearbeitung"`, `"Wartet auf Antragsteller" is cut`, "px high", "in a box of"} {
		if !strings.Contains(got, want) {
			t.Fatalf("the chart check misses %q on a broken chart; it reported:\n%s", want, got)
		}
	}
}
