package backoffice_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestNoticeWorkflow is the notice part of issue 14, on both databases,
// with the keyboard only: a case worker drafts a rejection, whose
// request for reasons ("[Bitte legen Sie …]") is listed as a placeholder
// and refuses sending with a message naming it; the completed text goes
// to the head of unit, who co-signs (rejections need it); the
// confirmation page previews the text, says what happens and warns about
// the open document request, whose acknowledgement it demands; sent, the
// PDF greets the applicant as "Sehr geehrte Frau …" with her postal
// address in the address field and no placeholder left. Every page is
// axe-clean and every element reached shows a visible focus.
func TestNoticeWorkflow(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is required (apt-get install poppler-utils)")
	}
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := webtest.Start(t, d)
			ctx := context.Background()
			c, owner := w.Submit(t, w.TenantA, apply.GuestOwner(w.TenantA, ""), "Erika Mustermann")
			setAnswers(t, w, c, map[string]any{"anrede": "frau",
				"anschrift": map[string]any{"street": "Louisenstraße", "number": "37", "postal_code": "01099", "place": "Dresden"}})
			webtest.Check(t, w.Cases.SetFourEyesRule(ctx, "test", w.TenantA, casework.FourEyesRule{ProcedureID: "bo-matrix",
				Scope: casework.FourEyesRejections}))
			worker := w.Staff(t, w.TenantA, "Sabine Sachbearbeiterin", account.StaffRole{AuthorityID: c.AuthorityID, Role: account.RoleCaseWorker})
			head := w.Staff(t, w.TenantA, "Helga Leitung", account.StaffRole{AuthorityID: c.AuthorityID, Role: account.RoleHeadOfUnit})
			openRequestOn(t, w, c, worker)

			tab := w.StaffTab(t, worker)
			caseURL := w.Base + "/verwaltung/vorgaenge/" + c.Reference
			browsertest.Navigate(t, tab, caseURL)

			// Draft a rejection: the outcome radios take the arrow keys.
			webtest.TabTo(t, tab, "the first outcome", webtest.ByID("outcome-approved"))
			browser.Press(t, tab, kb.ArrowDown)
			browser.Press(t, tab, kb.ArrowDown)
			if !browser.Eval[bool](t, tab, `document.getElementById("outcome-rejected").checked`) {
				t.Fatal("the arrow keys did not choose the rejection")
			}
			webtest.PressButton(t, tab, "Bescheid aus Vorlage entwerfen", `location.search.includes("erledigt=draft")`)
			webtest.CheckStaffPage(t, tab, "Noch zu ergänzen: ein Platzhalter")
			if body := browser.Eval[string](t, tab, `document.getElementById("notice-body").value`); !strings.HasPrefix(body, "Sehr geehrte Frau Mustermann,") {
				t.Errorf("drafted body starts %q", body[:min(len(body), 60)])
			}

			// Sending now is refused, naming the placeholder: on the
			// confirmation page (no send button) and for a direct POST.
			noticeHref := browser.Eval[string](t, tab, `document.querySelector("form[action*='/bescheide/']").getAttribute("action")`)
			browsertest.Navigate(t, tab, w.Base+noticeHref+"/versenden")
			webtest.CheckStaffPage(t, tab, "Der Text enthält noch den Platzhalter „[Bitte legen Sie die wesentlichen")
			if browser.Eval[bool](t, tab, `!!document.getElementById("send-confirm")`) {
				t.Error("the confirmation offers to send a notice with a placeholder")
			}
			status, _, page := w.Do(t, http.MethodPost, noticeHref+"/versenden", w.Session(t, worker), "", "ack_open_requests=1")
			if status != http.StatusUnprocessableEntity || !strings.Contains(page, "enthält noch den Platzhalter") {
				t.Fatalf("direct send with a placeholder: %d", status)
			}

			// Complete the reasons: select the placeholder in the text and
			// type over it, then save.
			browsertest.Navigate(t, tab, caseURL)
			webtest.TabTo(t, tab, "the notice text", webtest.ByID("notice-body"))
			browser.Eval[bool](t, tab, `(() => { const b = document.getElementById("notice-body"); const i = b.value.indexOf("[Bitte");
				b.setSelectionRange(i, b.value.indexOf("]", i) + 1); return true })()`)
			browser.Press(t, tab, "Die Anschrift liegt außerhalb der Bewohnerparkzone.")
			webtest.PressButton(t, tab, "Bescheid speichern", `location.search.includes("erledigt=edit")`)
			webtest.CheckStaffPage(t, tab, "Eine zweite Person muss den Bescheid mitzeichnen")
			if browser.Eval[bool](t, tab, `!!document.getElementById("notice-placeholders") || !!document.getElementById("notice-send")`) {
				t.Fatal("after completing: placeholders listed or sending offered before the co-signature")
			}

			// The head of unit co-signs.
			htab := w.StaffTab(t, head)
			browsertest.Navigate(t, htab, caseURL)
			webtest.PressButton(t, htab, "Bescheid mitzeichnen", `location.search.includes("erledigt=approve")`)
			webtest.CheckStaffPage(t, htab, "Bescheid mitgezeichnet")

			// The confirmation: effects, the open request; without the
			// acknowledgement the send is refused, with it the case is
			// decided.
			browsertest.Navigate(t, tab, caseURL)
			webtest.Press(t, tab, "notice-send", kb.Enter)
			browser.WaitFor(t, tab, `document.readyState === "complete" && !!document.getElementById("send-confirm")`)
			webtest.CheckStaffPage(t, tab, "Siegel der Clearingstelle")
			text := browser.Eval[string](t, tab, `document.querySelector("main").innerText`)
			for _, want := range []string{"Eine Nachforderung ist noch offen", "Meldebescheinigung", "Frist läuft noch bis",
				"Postfach", "Abgelehnt", "Die Anschrift liegt außerhalb der Bewohnerparkzone."} {
				if !strings.Contains(text, want) {
					t.Errorf("the confirmation lacks %q:\n%s", want, text)
				}
			}
			webtest.PressButton(t, tab, "Bescheid jetzt versiegeln und versenden", `!!document.getElementById("send-errors")`)
			boFocusOn(t, tab, "send-errors")
			webtest.CheckStaffPage(t, tab, "Bitte bestätigen Sie, dass der Bescheid trotzdem ergehen soll.")
			webtest.Press(t, tab, "ack-open-requests", " ")
			webtest.PressButton(t, tab, "Bescheid jetzt versiegeln und versenden", `location.search.includes("erledigt=send")`)
			boFocusOn(t, tab, "action-done")
			webtest.CheckStaffPage(t, tab, "Entschieden")

			// The applicant's notice: salutation, address, no placeholder.
			who := casework.Applicant{TenantID: w.TenantA, ApplicationID: c.ApplicationID}
			notices, err := casework.ApplicantNotices(ctx, w.DB, who)
			if err != nil || len(notices) != 1 {
				t.Fatalf("the applicant's notices: %v, %v", notices, err)
			}
			_, r, err := w.Cases.OpenNotice(ctx, who, notices[0].ID)
			webtest.Check(t, err)
			pdfBytes, _ := io.ReadAll(r)
			r.Close()
			flat := pdfText(t, pdfBytes)
			for _, want := range []string{"Erika Mustermann Louisenstraße 37 01099 Dresden", "Sehr geehrte Frau Mustermann,",
				"Die Anschrift liegt außerhalb der Bewohnerparkzone."} {
				if !strings.Contains(flat, want) {
					t.Errorf("the PDF lacks %q:\n%s", want, flat)
				}
			}
			for _, bad := range []string{"[", "Sehr geehrte(r)"} {
				if strings.Contains(flat, bad) {
					t.Errorf("the PDF contains %q:\n%s", bad, flat)
				}
			}
			_ = owner
		})
	}
}

// setAnswers adds answers to the case's application, as a procedure that
// asks for the form of address and the postal address would have them.
func setAnswers(t *testing.T, w *webtest.World, c casework.Case, add map[string]any) {
	t.Helper()
	var raw string
	webtest.Check(t, w.DB.QueryRowContext(context.Background(), `SELECT answers FROM application WHERE id = $1 AND tenant_id = $2`,
		c.ApplicationID, w.TenantA).Scan(&raw))
	answers := map[string]any{}
	webtest.Check(t, json.Unmarshal([]byte(raw), &answers))
	for k, v := range add {
		answers[k] = v
	}
	b, _ := json.Marshal(answers)
	_, err := w.DB.ExecContext(context.Background(), `UPDATE application SET answers = $1 WHERE id = $2 AND tenant_id = $3`,
		string(b), c.ApplicationID, w.TenantA)
	webtest.Check(t, err)
}

// openRequestOn has the worker claim the case, ask for a document due in
// two weeks and resume work without the answer: the request stays open.
func openRequestOn(t *testing.T, w *webtest.World, c casework.Case, workerID int64) {
	t.Helper()
	ctx := context.Background()
	staff, err := casework.LoadStaff(ctx, w.DB, w.TenantA, workerID)
	webtest.Check(t, err)
	_, err = w.Cases.Claim(ctx, staff, c.ID)
	webtest.Check(t, err)
	_, err = w.Cases.Move(ctx, staff, c.ID, casework.ActReview, "")
	webtest.Check(t, err)
	_, err = w.Cases.RequestInfo(ctx, staff, c.ID, casework.RequestInput{Subject: "Meldebescheinigung",
		Body: "Bitte laden Sie Ihre Meldebescheinigung hoch.", Due: time.Now().AddDate(0, 0, 14)})
	webtest.Check(t, err)
	_, err = w.Cases.Move(ctx, staff, c.ID, casework.ActResume, "")
	webtest.Check(t, err)
}

// pdfText is the PDF's text with its white space collapsed.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	webtest.Check(t, err)
	return strings.Join(strings.Fields(string(out)), " ")
}
