package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/cli"
	pfmailbox "github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestBackofficeJourney is the "done when", on both databases:
// a guest submits "Wohnsitz anmelden", a case worker of the authority it
// was routed to logs in with password and TOTP, claims the case and
// requests a document; the citizen answers in the mailbox with a PDF; the
// case worker drafts, previews and sends the notice; the citizen's
// notice PDF passes `amtsweg verify notice` and the public check page,
// a modified copy fails both; the case's xdomea export validates against
// the official schema. Every back-office page is axe-clean in German and
// English.
func TestBackofficeJourney(t *testing.T) {
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Fatal("xmllint is required (apt-get install libxml2-utils)")
	}
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) { boJourney(t, d) })
	}
}

func boJourney(t *testing.T, d store.Dialect) {
	w := boStart(t, d)
	ctx := context.Background()
	c, appID, guest := w.wohnsitzAsGuest(t)
	secret, err := w.mb.GuestLink(ctx, appID, guest, "")
	boCheck(t, err)
	if c.Clearing {
		t.Fatalf("the demo application went to clearing, not to a registration office")
	}

	// A case worker of the authority the submission was routed to.
	email := fmt.Sprintf("sachbearbeitung-%d@behoerde.test", time.Now().UnixNano())
	const password = "Meldeamt sicher 2026!"
	staffAcc, _, err := w.acc.CreateStaff(ctx, "test", account.NewStaff{TenantID: w.tenantA, Email: email, Name: "Sabine Sachbearbeiterin",
		Password: password, Roles: []account.StaffRole{{AuthorityID: c.AuthorityID, Role: account.RoleCaseWorker}}})
	boCheck(t, err)
	totpSecret := w.enrolTOTP(t, staffAcc.ID)

	tab := browsertest.Tab(t)
	// The browser keeps cookies per host across tests: start in German.
	_, err = chromedp.Call(tab, network.SetCookie, network.SetCookieParams{Name: "lang", Value: "de", URL: w.base + "/", Path: "/"})
	boCheck(t, err)
	boLogin(t, tab, w.base, email, password, totpSecret)
	browser.WaitFor(t, tab, `location.pathname === "/verwaltung"`)
	boPage(t, tab, c.Reference)

	// Inbox → case → claim → request a document.
	boClick(t, tab, fmt.Sprintf(`a[href="/verwaltung/vorgaenge/%s"]`, c.Reference), `!!document.getElementById("summary")`)
	boPage(t, tab, "Wohnsitz")
	boClick(t, tab, `#claim`, `!!document.getElementById("action-done")`)
	boPage(t, tab, "Sabine Sachbearbeiterin")
	due := time.Now().AddDate(0, 0, 14).Format(time.DateOnly)
	browser.Eval[bool](t, tab, fmt.Sprintf(`(() => { document.getElementById("request-subject").value = "Personalausweis";
		document.getElementById("request-body").value = "Bitte laden Sie eine Kopie Ihres Personalausweises hoch.";
		document.getElementById("request-due").value = %q; return true })()`, due))
	boClick(t, tab, `#request-send`, `document.readyState === "complete" && (location.search.includes("erledigt=request") || !!document.getElementById("action-errors"))`)
	if s := browser.Eval[string](t, tab, `document.getElementById("main") ? document.getElementById("main").innerText : document.body.innerText`); !strings.Contains(s, "Wartet auf Antragsteller") {
		t.Fatalf("after the request the case is %q", s)
	}
	boPage(t, tab, "Personalausweis")

	// The citizen answers through the mailbox (package mailbox's Reply, as
	// the guest mailbox page does) with a PDF.
	reqs, err := casework.ApplicantRequests(ctx, w.db, casework.Applicant{TenantID: w.tenantA, ApplicationID: appID})
	boCheck(t, err)
	if len(reqs) != 1 {
		t.Fatalf("the applicant sees %d requests, want 1", len(reqs))
	}
	boCheck(t, w.mb.Reply(ctx, pfmailbox.GuestReader(w.tenantA, secret), appID, pfmailbox.ReplyInput{RequestID: reqs[0].ID,
		Body: "Anbei mein Ausweis.", Files: []pfmailbox.Upload{pdfUpload()}}))

	// Decide: draft from the template, preview, send.
	browsertest.Navigate(t, tab, w.base+"/verwaltung/vorgaenge/"+c.Reference)
	if s := browser.Eval[string](t, tab, `document.getElementById("case-status").innerText`); !strings.Contains(s, "In Bearbeitung") {
		t.Fatalf("after the answer the case is %q, want in review", s)
	}
	if txt := browser.Eval[string](t, tab, `document.getElementById("requests").parentElement.innerText`); !strings.Contains(txt, "gelesen am") && !strings.Contains(txt, "beantwortet") {
		t.Errorf("request shows neither read state nor answer: %q", txt)
	}
	boClick(t, tab, `#outcome-approved`, `document.getElementById("outcome-approved").checked`)
	boClick(t, tab, `#notice-draft`, `!!document.getElementById("notice-preview")`)
	boPage(t, tab, "Bescheid")
	if body := browser.Eval[string](t, tab, `document.getElementById("notice-body").value`); !strings.Contains(body, c.ApplicantName) && !strings.Contains(body, "Wohnsitz") {
		t.Errorf("the drafted notice is not filled: %q", body)
	}
	href := browser.Eval[string](t, tab, `document.getElementById("notice-preview").getAttribute("href")`)
	token := boCookie(t, tab)
	if st, _, b := w.do(t, http.MethodGet, href, token, "", ""); st != http.StatusOK || !strings.HasPrefix(b, "%PDF-") {
		t.Errorf("notice preview: %d", st)
	}
	boClick(t, tab, `#notice-send`, `document.getElementById("case-status").innerText.includes("Entschieden")`)
	boPage(t, tab, "Bescheid")

	// A document preview of the citizen's answer PDF.
	prev := browser.Eval[string](t, tab, `(() => { const a = [...document.querySelectorAll('a[href$="/vorschau"]')]; return a.length ? a[a.length-1].getAttribute("href") : "" })()`)
	if prev == "" {
		t.Fatal("no document preview link on the case page")
	}
	browsertest.Navigate(t, tab, w.base+prev)
	boPage(t, tab, "SHA-256")
	src := browser.Eval[string](t, tab, `document.querySelector("iframe, img.amtsweg-preview-img").getAttribute("src")`)
	req, _ := http.NewRequest(http.MethodGet, w.base+src, nil)
	req.AddCookie(&http.Cookie{Name: account.SessionCookie(false).Name, Value: token})
	resp, err := boClient().Do(req)
	boCheck(t, err)
	resp.Body.Close()
	if ct, cd, csp := resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"), resp.Header.Get("Content-Security-Policy"); resp.StatusCode != 200 ||
		ct != "application/pdf" || !strings.HasPrefix(cd, "inline") || !strings.Contains(csp, "frame-ancestors 'self'") {
		t.Errorf("inline document: %d %q %q %q", resp.StatusCode, ct, cd, csp)
	}

	w.checkNotice(t, tab, secret, c)
	w.checkExport(t, token, c)

	// English: the same back-office pages.
	_, err = chromedp.Call(tab, network.SetCookie, network.SetCookieParams{Name: "lang", Value: "en", URL: w.base + "/", Path: "/"})
	boCheck(t, err)
	browsertest.Navigate(t, tab, w.base+"/verwaltung")
	boPage(t, tab, "Inbox")
	browsertest.Navigate(t, tab, w.base+"/verwaltung/vorgaenge/"+c.Reference)
	boPage(t, tab, "Decision and notice")
	browsertest.Navigate(t, tab, w.base+prev)
	boPage(t, tab, "SHA-256")
}

// checkNotice: the citizen downloads the notice from the mailbox; the CLI
// and the public page accept it and refuse a modified copy.
func (w *boWorld) checkNotice(t *testing.T, tab context.Context, secret string, c casework.Case) {
	notices, err := casework.ApplicantNotices(context.Background(), w.db, casework.Applicant{TenantID: w.tenantA, ApplicationID: c.ApplicationID})
	boCheck(t, err)
	if len(notices) != 1 {
		t.Fatalf("the citizen has %d notices, want 1", len(notices))
	}
	st, _, pdf := w.do(t, http.MethodGet, fmt.Sprintf("/postfach/gast/%s/bescheide/%d", secret, notices[0].ID), "", "", "")
	if st != http.StatusOK || !strings.HasPrefix(pdf, "%PDF-") {
		t.Fatalf("notice download from the guest mailbox: %d", st)
	}
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "bescheid.pdf"), filepath.Join(dir, "geaendert.pdf")
	boCheck(t, os.WriteFile(good, []byte(pdf), 0o600))
	boCheck(t, os.WriteFile(bad, append([]byte(pdf), '\n'), 0o600))
	var out, errs bytes.Buffer
	if code := cli.Main(context.Background(), []string{"verify", "notice", good, "--database", w.dsn, "--data", w.dir}, &out, &errs); code != 0 || !strings.Contains(out.String(), c.Reference) {
		t.Errorf("verify notice: exit %d, %q %q", code, out.String(), errs.String())
	}
	out.Reset()
	if code := cli.Main(context.Background(), []string{"verify", "notice", bad, "--database", w.dsn, "--data", w.dir}, &out, &errs); code != 1 {
		t.Errorf("verify notice of a modified copy: exit %d, %q", code, out.String())
	}
	// The public check page, with the PDF uploaded in the browser.
	browsertest.Navigate(t, tab, w.base+"/bescheid-pruefen")
	boPage(t, tab, "SHA-256")
	for file, want := range map[string]string{good: "echt", bad: "nicht bestätigt"} {
		browsertest.Navigate(t, tab, w.base+"/bescheid-pruefen")
		boCheck(t, chromedp.Do(tab, chromedp.SetUploadFiles("#pdf", []string{file})))
		boClick(t, tab, `form[enctype="multipart/form-data"] button[type=submit]`, `!!document.getElementById("verify-result")`)
		boPage(t, tab, "SHA-256")
		if txt := browser.Eval[string](t, tab, `document.getElementById("verify-result").innerText`); !strings.Contains(txt, want) {
			t.Errorf("check of %s: %q, want %q", filepath.Base(file), txt, want)
		}
	}
}

// checkExport downloads the xdomea export and validates its message.
func (w *boWorld) checkExport(t *testing.T, token string, c casework.Case) {
	st, _, body := w.do(t, http.MethodGet, "/verwaltung/vorgaenge/"+c.Reference+"/export", token, "", "")
	if st != http.StatusOK {
		t.Fatalf("export: %d", st)
	}
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	boCheck(t, err)
	dir := t.TempDir()
	var msg string
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, ".xml") {
			rc, err := f.Open()
			boCheck(t, err)
			b, _ := io.ReadAll(rc)
			rc.Close()
			msg = filepath.Join(dir, f.Name)
			boCheck(t, os.WriteFile(msg, b, 0o600))
		}
	}
	if msg == "" || len(zr.File) < 4 {
		t.Fatalf("export holds %d files and message %q", len(zr.File), msg)
	}
	xsd, _ := filepath.Abs("../refdata/xdomea/xsd-3.0.0/xdomea.xsd")
	if out, err := exec.Command("xmllint", "--noout", "--schema", xsd, msg).CombinedOutput(); err != nil {
		t.Errorf("xdomea message does not validate: %v\n%s", err, out)
	}
}

// wohnsitzAsGuest submits the demo "Wohnsitz anmelden" as a guest through
// the apply API and routes it as the submission job does.
func (w *boWorld) wohnsitzAsGuest(t *testing.T) (casework.Case, int64, apply.Owner) {
	ctx := context.Background()
	a, secret, err := w.apps.Start(ctx, apply.StartInput{TenantID: w.tenantA, ProcedureID: "wohnsitz-anmelden", Owner: apply.GuestOwner("")})
	boCheck(t, err)
	owner := apply.GuestOwner(secret)
	_, err = w.apps.Upload(ctx, a.ID, owner, "wohnungsgeberbestaetigung", "wohnungsgeber.pdf", "application/pdf",
		strings.NewReader("%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"))
	boCheck(t, err)
	addr := func(street, no, plz, place string) map[string]any {
		return map[string]any{"street": street, "number": no, "postal_code": plz, "place": place}
	}
	for page, answers := range map[string]map[string]any{
		"wohnung": {"einzugsdatum": time.Now().Format(time.DateOnly), "anschrift": addr("Louisenstraße", "37", "01099", "Dresden"),
			"gemeinde": "146120000000", "wohnungsart": "haupt", "bisherige_anschrift": addr("Karl-Liebknecht-Straße", "5", "04107", "Leipzig")},
		"person":    {"familienname": "Becker", "vornamen": "Jonas", "geburtsdatum": "1988-04-12", "staatsangehoerigkeit": "deutsch", "mit_familie": false},
		"abschluss": {"richtigkeit": true},
	} {
		res, err := w.apps.SavePage(ctx, a.ID, owner, page, answers)
		boCheck(t, err)
		if !res.Valid() {
			t.Fatalf("page %s: %+v", page, res.Errors)
		}
	}
	_, err = w.apps.Submit(ctx, a.ID, owner, fmt.Sprintf("journey-%d", a.ID))
	boCheck(t, err)
	boCheck(t, w.cases.OnSubmitted(ctx, a.ID)) // idempotent: the app's job may have done it already
	var id int64
	boCheck(t, w.db.QueryRowContext(ctx, `SELECT id FROM case_record WHERE application_id = $1`, a.ID).Scan(&id))
	c, err := w.cases.Get(ctx, w.principal(t, w.tenantA, ""), id)
	if err != nil { // not the clearing office's: read it without the principal's scope
		boCheck(t, w.db.QueryRowContext(ctx, `SELECT reference, authority_id, clearing, application_id, applicant_name FROM case_record WHERE id = $1`, id).
			Scan(&c.Reference, &c.AuthorityID, &c.Clearing, &c.ApplicationID, &c.ApplicantName))
		c.ID = id
	}
	return c, a.ID, owner
}

// enrolTOTP sets up the staff member's TOTP through the account API and
// returns its secret.
func (w *boWorld) enrolTOTP(t *testing.T, accountID int64) string {
	ctx := context.Background()
	a, err := account.ByID(ctx, w.db, accountID)
	boCheck(t, err)
	_, token, err := w.acc.StartSession(ctx, a, account.SessionStart{Level: account.LevelLow, Method: "password"})
	boCheck(t, err)
	en, err := w.acc.EnrolTOTP(ctx, accountID)
	boCheck(t, err)
	_, _, err = w.acc.ConfirmTOTP(ctx, token, totp(t, en.Secret, time.Now()))
	boCheck(t, err)
	return en.Secret
}

// boLogin logs in through the pages: password, then a fresh TOTP code.
func boLogin(t *testing.T, tab context.Context, base, email, password, secret string) {
	browsertest.Navigate(t, tab, base+"/anmelden?next=%2Fverwaltung")
	browser.Eval[bool](t, tab, fmt.Sprintf(`(() => { document.querySelector('form[action="/anmelden"] [name=email]').value = %q;
		document.querySelector('form[action="/anmelden"] [name=password]').value = %q; return true })()`, email, password))
	boClick(t, tab, `form[action="/anmelden"] button[type=submit]`, `location.pathname === "/anmelden/code"`)
	// The enrolment used the current 30-second step; a code is good once.
	time.Sleep(time.Until(time.Now().Truncate(30 * time.Second).Add(31 * time.Second)))
	browser.Eval[bool](t, tab, fmt.Sprintf(`(() => { document.querySelector('[name=code]').value = %q; return true })()`, totp(t, secret, time.Now())))
	boClick(t, tab, `form[action="/anmelden/code"] button[type=submit]`, `location.pathname !== "/anmelden/code"`)
}

// boClick clicks the element and waits until cond holds.
func boClick(t *testing.T, tab context.Context, selector, cond string) {
	t.Helper()
	browser.Eval[bool](t, tab, fmt.Sprintf(`(() => { document.querySelector(%q).click(); return true })()`, selector))
	browser.WaitFor(t, tab, cond)
}

// boPage checks the page: axe-clean, no missing texts, contains want.
func boPage(t *testing.T, tab context.Context, want string) {
	t.Helper()
	browser.WaitFor(t, tab, `document.readyState === "complete"`)
	browsertest.Axe(t, tab)
	text := browser.Eval[string](t, tab, `document.body.innerText`)
	if i := strings.Index(text, "[[missing:"); i >= 0 {
		t.Errorf("%s: missing texts: %s", browser.Eval[string](t, tab, `location.pathname`), text[i:min(len(text), i+60)])
	}
	if !strings.Contains(text, want) {
		t.Errorf("%s does not show %q", browser.Eval[string](t, tab, `location.pathname`), want)
	}
}

// boCookie reads the tab's session cookie.
func boCookie(t *testing.T, tab context.Context) string {
	res, err := chromedp.Call(tab, network.GetCookies, network.GetCookiesParams{})
	boCheck(t, err)
	for _, c := range res.Cookies {
		if c.Name == account.SessionCookie(false).Name {
			return c.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}
