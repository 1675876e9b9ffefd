package journeys_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/web/webtest"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework/caseworktest"
	pfmailbox "github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestReadNeedsProcedureLevel: an application given at level
// "substantial" (tax ID, IBAN) is read only at that level again. From a
// password session (low) its draft pages, receipt and receipt PDF,
// mailbox thread and message files answer with the stronger-login page
// (401, nothing of the application on it, the way back kept); the same
// account at "substantial" reads them — on both databases.
func TestReadNeedsProcedureLevel(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := boStart(t, d)
			ctx := context.Background()
			caseworktest.ImportProcedure(t, w.db, caseworktest.Procedure{ID: "bo-level", TitleDE: "Elterngeld-Test",
				TitleEN: "Parental allowance test", Assurance: "substantial"})
			citizen := w.citizen(t, w.tenantA, "Lena Niveau")
			owner := apply.AccountOwner(citizen, 0).At(account.LevelSubstantial)
			s := w.cw.Submit(t, caseworktest.Submission{TenantID: w.tenantA, Procedure: "bo-level", Owner: owner,
				Name: "Lena Niveau", Staff: w.principal(t, w.tenantA, "")})
			msg, err := w.mb.PostToApplicant(ctx, w.principal(t, w.tenantA, ""), s.Case.ID,
				pfmailbox.Post{Subject: "Hinweis", Body: "Steuer-ID geprüft", Files: []pfmailbox.Upload{webtest.PDFUpload()}})
			boCheck(t, err)
			draft, _, err := w.apps.Start(ctx, apply.StartInput{TenantID: w.tenantA, ProcedureID: "bo-level", Owner: owner})
			boCheck(t, err)
			_, err = w.apps.SavePage(ctx, draft.ID, owner, "p", map[string]any{"name": "Lena Entwurf"})
			boCheck(t, err)

			app, dr := strconv.FormatInt(s.Application.ID, 10), strconv.FormatInt(draft.ID, 10)
			paths := []string{
				"/antraege/" + dr + "/seiten/p",
				"/antraege/" + dr + "/pruefen",
				"/antraege/" + app + "/eingangsbestaetigung",
				"/antraege/" + app + "/eingangsbestaetigung.pdf",
				"/postfach/" + app,
				"/postfach/" + app + "/anlagen/" + msg.Attachments[0].Ref,
			}
			low, high := w.sessionAt(t, citizen, account.LevelLow), w.session(t, citizen)
			for _, p := range paths {
				status, _, body := w.do(t, http.MethodGet, p, low, "", "")
				if status != http.StatusUnauthorized || strings.Contains(body, "Lena") || strings.Contains(body, "Steuer-ID") ||
					!strings.Contains(body, "/anmelden?next="+strings.ReplaceAll(p, "/", "%2F")) {
					t.Errorf("GET %s at level low: %d, want 401 with a login returning there and none of the data", p, status)
				}
				if status, _, _ := w.do(t, http.MethodGet, p, high, "", ""); status != http.StatusOK {
					t.Errorf("GET %s at level substantial: %d, want 200", p, status)
				}
			}
			// Writes are held to the level too: a low session changes nothing.
			status, _, _ := w.do(t, http.MethodPost, "/antraege/"+dr+"/seiten/p", low, "", "name=Fremd&aktion=speichern")
			got, err := w.apps.Get(ctx, draft.ID, owner)
			boCheck(t, err)
			if status == http.StatusSeeOther || got.Answers["name"] != "Lena Entwurf" {
				t.Errorf("POST a page at level low: %d, answers now %v", status, got.Answers)
			}
			// The capability holds the rule, whoever calls it.
			if _, err := w.apps.Receipt(ctx, s.Application.ID, apply.AccountOwner(citizen, 0)); err == nil {
				t.Error("apply gives the receipt to a low login")
			}
			if _, err := w.mb.Open(ctx, pfmailbox.AccountReader(w.tenantA, citizen, 0), s.Application.ID); err == nil {
				t.Error("mailbox gives the thread to a low login")
			}
		})
	}
}

// TestGuestCookieStaysOnItsTenant: a guest's application cookie (the
// resume secret) opens its receipt, receipt PDF and mailbox link on its
// own tenant's host only; on another tenant's host the same cookie finds
// nothing — on both databases.
func TestGuestCookieStaysOnItsTenant(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := boStart(t, d)
			c, guest := w.submit(t, w.tenantA, apply.GuestOwner(w.tenantA, ""), "Gerda Gast")
			id := strconv.FormatInt(c.ApplicationID, 10)
			cookie := &http.Cookie{Name: "amtsweg_antrag_" + id, Value: guest.Secret}
			for _, tt := range []struct{ method, path string }{
				{http.MethodGet, "/antraege/" + id + "/eingangsbestaetigung"},
				{http.MethodGet, "/antraege/" + id + "/eingangsbestaetigung.pdf"},
				{http.MethodGet, "/antraege/" + id + "/postfach"},
				{http.MethodPost, "/antraege/" + id + "/postfach"},
			} {
				if status, _, _ := w.doCookie(t, tt.method, tt.path, "", cookie); status != http.StatusOK && status != http.StatusSeeOther {
					t.Errorf("%s %s on the guest's own host: %d", tt.method, tt.path, status)
				}
				status, _, body := w.doCookie(t, tt.method, tt.path, hostB, cookie)
				if status != http.StatusNotFound || strings.Contains(body, "Gerda") || strings.Contains(body, c.Reference) {
					t.Errorf("%s %s with the guest's cookie on another tenant's host: %d, want 404", tt.method, tt.path, status)
				}
			}
		})
	}
}

// sessionAt starts a complete login session at level for accountID.
func (w *boWorld) sessionAt(t *testing.T, accountID int64, level account.Level) string {
	t.Helper()
	a, err := account.ByID(context.Background(), w.db, accountID)
	boCheck(t, err)
	_, token, err := w.acc.StartSession(context.Background(), a, account.SessionStart{Level: level, Method: "password"})
	boCheck(t, err)
	return token
}

// doCookie sends one request with cookie to host ("" for the app's own)
// and returns status, Location and body; a POST carries a same-origin
// header.
func (w *boWorld) doCookie(t *testing.T, method, path, host string, cookie *http.Cookie) (int, string, string) {
	t.Helper()
	req, err := http.NewRequest(method, w.base+path, strings.NewReader(""))
	boCheck(t, err)
	origin := w.base
	if host != "" {
		req.Host, origin = host, "http://"+host
	}
	if method == http.MethodPost {
		req.Header.Set("Origin", origin)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.AddCookie(cookie)
	resp, err := boClient().Do(req)
	boCheck(t, err)
	defer resp.Body.Close()
	webtest.CheckNoStore(t, req, resp, false)
	var buf bytes.Buffer
	io.Copy(&buf, io.LimitReader(resp.Body, 4<<20))
	return resp.StatusCode, resp.Header.Get("Location"), buf.String()
}
