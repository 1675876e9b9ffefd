package backoffice_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestInboxPage: in Chromium, on both databases, a case worker's inbox of
// 26 fresh cases shows the signals as text badges — an unread answer, a
// case waiting for the applicant with its date, and no "deadline
// approaching" on fresh cases (issue 14) —; pages forwards and back by
// keyset links; keeps a filter across a new login until it is reset; and
// claims checked cases with the keyboard only, with one summary naming
// what worked and what was refused. Every page is axe-clean.
func TestInboxPage(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := webtest.Start(t, d)
			ctx := context.Background()
			var cases []casework.Case
			for i := range 26 {
				c, _ := w.Submit(t, w.TenantA, apply.GuestOwner(w.TenantA, ""), fmt.Sprintf("Inga Eingang %02d", i+1))
				cases = append(cases, c)
			}
			unit := cases[0].AuthorityID
			worker := w.Staff(t, w.TenantA, "Ines Inbox", account.StaffRole{AuthorityID: unit, Role: account.RoleCaseWorker})
			peer := w.Staff(t, w.TenantA, "Paula Peer", account.StaffRole{AuthorityID: unit, Role: account.RoleCaseWorker})
			head := w.Principal(t, w.TenantA, "")

			// The applicant answers a request on case 0 (unread); case 1
			// waits for an answer until its due date.
			due := time.Now().AddDate(0, 0, 9)
			for _, c := range cases[:2] {
				_, err := w.Cases.Assign(ctx, head, c.ID, worker)
				webtest.Check(t, err)
				_, err = w.Cases.RequestInfo(ctx, head, c.ID, casework.RequestInput{Subject: "Nachweis", Body: "Bitte senden.", Due: due})
				webtest.Check(t, err)
			}
			reqs, err := w.Cases.Requests(ctx, head, cases[0].ID)
			webtest.Check(t, err)
			webtest.Check(t, w.Cases.Answer(ctx, casework.Applicant{TenantID: w.TenantA, ApplicationID: cases[0].ApplicationID},
				reqs[0].ID, casework.AnswerInput{Text: "Anbei."}))

			tab := w.StaffTab(t, worker)
			browsertest.Navigate(t, tab, w.Base+"/verwaltung")
			webtest.CheckStaffPage(t, tab, "Ungelesen: neue Antwort oder Nachricht")
			webtest.CheckStaffPage(t, tab, "Wartet auf Antragsteller bis "+due.In(berlin(t)).Format("02.01.2006"))
			badges := browser.Eval[string](t, tab, `[...document.querySelectorAll("table .kern-badge")].map(b => b.innerText).join("|")`)
			if strings.Contains(badges, "Frist läuft bald ab") || strings.Count(badges, "Ungelesen") != 1 {
				t.Fatalf("badges of fresh cases: %s", badges)
			}
			if n := rows(t, tab); n != 25 {
				t.Fatalf("first page has %d rows, want 25", n)
			}
			if browser.Eval[bool](t, tab, `!!document.getElementById("inbox-prev")`) {
				t.Fatal("the first page links a previous page")
			}

			// Keyset paging: the 26th case on the next page, and back.
			webtest.Click(t, tab, "#inbox-next", `location.search.includes("nach=") && document.readyState === "complete"`)
			webtest.CheckStaffPage(t, tab, cases[25].Reference)
			if n := rows(t, tab); n != 1 || browser.Eval[bool](t, tab, `!!document.getElementById("inbox-next")`) {
				t.Fatalf("last page: %d rows", n)
			}
			webtest.Click(t, tab, "#inbox-prev", `location.search.includes("vor=") && document.readyState === "complete"`)
			webtest.CheckStaffPage(t, tab, cases[0].Reference)
			if n := rows(t, tab); n != 25 || browser.Eval[bool](t, tab, `!!document.getElementById("inbox-prev")`) {
				t.Fatalf("back on the first page: %d rows", n)
			}

			// The filter "unread" is kept across a new login.
			browser.Eval[bool](t, tab, `(() => { document.getElementById("signal").value = "unread"; return true })()`)
			webtest.Click(t, tab, `form.amtsweg-filters button[type=submit]`, `location.search.includes("signal=unread") && document.readyState === "complete"`)
			webtest.CheckStaffPage(t, tab, "Gefilterte Vorgänge")
			if n := rows(t, tab); n != 1 {
				t.Fatalf("unread filter: %d rows at %s: %s", n, webtest.ApplyHere(t, tab), browser.Eval[string](t, tab, `document.querySelector("main").innerText`))
			}
			again := w.StaffTab(t, worker)
			browsertest.Navigate(t, again, w.Base+"/verwaltung")
			webtest.CheckStaffPage(t, again, cases[0].Reference)
			if n, v := rows(t, again), browser.Eval[string](t, again, `document.getElementById("signal").value`); n != 1 || v != "unread" {
				t.Fatalf("after a new login: %d rows, signal %q", n, v)
			}
			webtest.Click(t, again, "#inbox-reset", `document.readyState === "complete" && document.getElementById("signal")?.value === ""`)
			if n := rows(t, again); n != 25 {
				t.Fatalf("after reset: %d rows", n)
			}

			// Bulk claim with the keyboard: two unassigned cases checked;
			// one of them goes to a colleague before the action arrives.
			a, b := cases[2], cases[3]
			for _, c := range []casework.Case{a, b} {
				webtest.TabTo(t, again, "the checkbox of "+c.Reference, webtest.ByID("pick-"+c.Reference))
				browser.Press(t, again, " ")
			}
			_, err = w.Cases.Assign(ctx, head, b.ID, peer)
			webtest.Check(t, err)
			webtest.PressButton(t, again, "Ausgewählte übernehmen", `!!document.getElementById("bulk-result")`)
			webtest.CheckStaffPage(t, again, "1 Vorgang übernommen. 1 Vorgang abgelehnt.")
			webtest.CheckStaffPage(t, again, b.Reference+": nicht gefunden oder für Sie nicht sichtbar")
			if f := browser.Active(t, again); f.ID != "bulk-result" {
				t.Fatalf("focus after the bulk action on %+v", f)
			}
			got, err := w.Cases.Get(ctx, head, a.ID)
			webtest.Check(t, err)
			if got.AssigneeID != worker {
				t.Fatalf("%s assigned to %d", a.Reference, got.AssigneeID)
			}
		})
	}
}

func rows(t *testing.T, tab context.Context) int {
	t.Helper()
	return browser.Eval[int](t, tab, `document.querySelectorAll("table tbody tr").length`)
}

func berlin(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	webtest.Check(t, err)
	return loc
}
