package backoffice_test

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestBackofficeKeyboard: a case worker with the keyboard only (Tab,
// Enter, typing) goes from the inbox to a case, claims it, sends a
// request for a document (first without a due date: the error notice
// takes the focus and its link leads back to the form, the typed text
// kept) and a message. After every action the focus is on the page's
// notice, and every element reached shows a visible focus. On both
// databases.
func TestBackofficeKeyboard(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := webtest.Start(t, d)
			c, _ := w.Submit(t, w.TenantA, apply.GuestOwner(w.TenantA, ""), "Karla Tastatur")
			worker := w.Staff(t, w.TenantA, "Konrad Tastatur", account.StaffRole{AuthorityID: c.AuthorityID, Role: account.RoleCaseWorker})
			ctx := browsertest.Tab(t)
			_, err := chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: account.SessionCookie(false).Name,
				Value: w.Session(t, worker), URL: w.Base + "/", Path: "/"})
			webtest.Check(t, err)

			browsertest.Navigate(t, ctx, w.Base+"/verwaltung")
			browsertest.SkipLink(t, ctx)
			caseHref := "/verwaltung/vorgaenge/" + c.Reference
			webtest.TabTo(t, ctx, "the case in the inbox", func(f browser.Focused) bool { return f.Href == caseHref })
			webtest.Enter(t, ctx)
			browser.WaitFor(t, ctx, `document.readyState === "complete" && !!document.getElementById("summary")`)
			webtest.CheckStaffPage(t, ctx, "Karla Tastatur")

			webtest.PressButton(t, ctx, "Vorgang übernehmen", `location.search.includes("erledigt=claim")`)
			boFocusOn(t, ctx, "action-done")
			webtest.CheckStaffPage(t, ctx, "Konrad Tastatur")

			// A request without a due date: the error notice has the focus,
			// its link leads to the form, where the text is still there.
			webtest.TypeFields(t, ctx, [][2]string{{"request-subject", "Mietvertrag"}, {"request-body", "Bitte laden Sie den Mietvertrag hoch."}})
			webtest.PressButton(t, ctx, "Nachforderung senden", `!!document.getElementById("action-errors")`)
			boFocusOn(t, ctx, "action-errors")
			webtest.CheckStaffPage(t, ctx, "Die Frist muss in der Zukunft liegen.")
			browser.Press(t, ctx, kb.Tab)
			if f := browser.Active(t, ctx); f.Href != "#requests" {
				t.Fatalf("first Tab in the error notice: %+v, want its link to the form", f)
			}
			webtest.Enter(t, ctx)
			browser.Press(t, ctx, kb.Tab)
			if f := browser.Active(t, ctx); f.ID != "request-subject" || f.Text != "Mietvertrag" {
				t.Fatalf("after the link Tab reaches %+v, want the kept subject", f)
			}
			browser.FocusVisible(t, ctx)
			due := time.Now().AddDate(0, 0, 10)
			webtest.TypeInto(t, ctx, "request-due", webtest.LocaleDateKeys(t, ctx, due))
			if v := browser.Eval[string](t, ctx, `document.getElementById("request-due").value`); v != due.Format(time.DateOnly) {
				t.Fatalf("typed due date reads %q, want %s", v, due.Format(time.DateOnly))
			}
			webtest.PressButton(t, ctx, "Nachforderung senden", `location.search.includes("erledigt=request")`)
			boFocusOn(t, ctx, "action-done")
			webtest.CheckStaffPage(t, ctx, "Mietvertrag")

			// A message to the applicant.
			webtest.TypeFields(t, ctx, [][2]string{{"message-subject", "Rückfrage"}, {"message-body", "Bitte rufen Sie uns an."}})
			webtest.PressButton(t, ctx, "Nachricht senden", `location.search.includes("erledigt=message")`)
			boFocusOn(t, ctx, "action-done")
			webtest.CheckStaffPage(t, ctx, "Bitte rufen Sie uns an.")
		})
	}
}

// boFocusOn checks that the element id has the focus and that it is
// visible, and that Tab moves on from there into the page.
func boFocusOn(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	browser.WaitFor(t, ctx, `document.readyState === "complete"`)
	if f := browser.Active(t, ctx); f.ID != id {
		t.Fatalf("%s: focus on %+v, want #%s", webtest.ApplyHere(t, ctx), f, id)
	}
	browser.FocusVisible(t, ctx)
}
