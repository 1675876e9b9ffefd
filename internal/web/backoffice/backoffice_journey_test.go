package backoffice_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"io"
	"mime/multipart"
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
	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/cli"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/demo"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestBackofficeJourney is the "done when", on both databases,
// with the citizen and the case worker each in their own browser tab: a
// guest starts "Wohnsitz anmelden" from the service page, fills the form
// pages with an upload, submits and keeps the mailbox link from the
// receipt; a case worker of the authority it was routed to logs in with
// password and TOTP, claims the case, requests a document and sends a
// message with an attachment; the citizen downloads the attachment and
// answers the request in the mailbox with a PDF upload; the case worker
// drafts, previews and sends the notice; the citizen downloads the
// notice PDF from the mailbox page, and that file passes `amtsweg
// verify notice` and the public check page while a modified copy fails
// both; the case's xdomea export validates against the official schema.
// Every page, citizen and back office, is axe-clean in German and
// English.
func TestBackofficeJourney(t *testing.T) {
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Fatal("xmllint is required (apt-get install libxml2-utils)")
	}
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) { boJourney(t, d) })
	}
}

// boJourney runs the journey on a fresh app of dialect d; opts change the
// app's configuration further (e.g. its blob store).
func boJourney(t *testing.T, d store.Dialect, opts ...func(*config.Config)) *webtest.World {
	// The app runs its job workers: the submission job routes the case.
	w := webtest.Start(t, d, append([]func(*config.Config){func(c *config.Config) { c.Jobs = true }}, opts...)...)
	ctx := context.Background()
	cit := webtest.ApplyTab(t, i18n.German, false)
	ref, mailboxURL := citizenApplies(t, w, cit)
	c := w.RoutedCase(t, ref)
	if c.Clearing {
		t.Fatalf("the demo application went to clearing, not to a registration office")
	}

	// A case worker of the authority the submission was routed to.
	email := fmt.Sprintf("sachbearbeitung-%d@behoerde.test", time.Now().UnixNano())
	const password = "Meldeamt sicher 2026!"
	staffAcc, _, err := w.Acc.CreateStaff(ctx, "test", account.NewStaff{TenantID: w.TenantA, Email: email, Name: "Sabine Sachbearbeiterin",
		Password: password, Roles: []account.StaffRole{{AuthorityID: c.AuthorityID, Role: account.RoleCaseWorker}}})
	webtest.Check(t, err)
	totpSecret := enrolTOTP(t, w, staffAcc.ID)

	tab := browsertest.Tab(t)
	_, err = chromedp.Call(tab, network.SetCookie, network.SetCookieParams{Name: "lang", Value: "de", URL: w.Base + "/", Path: "/"})
	webtest.Check(t, err)
	webtest.StaffLogin(t, tab, w.Base, email, password, totpSecret)
	browser.WaitFor(t, tab, `location.pathname === "/verwaltung"`)
	webtest.CheckStaffPage(t, tab, c.Reference)

	// Inbox → case → claim → request a document → a message with a file.
	webtest.Click(t, tab, fmt.Sprintf(`a[href="/verwaltung/vorgaenge/%s"]`, c.Reference), `!!document.getElementById("summary")`)
	webtest.CheckStaffPage(t, tab, "Wohnsitz")
	webtest.Click(t, tab, `#claim`, `!!document.getElementById("action-done")`)
	webtest.CheckStaffPage(t, tab, "Sabine Sachbearbeiterin")
	due := time.Now().AddDate(0, 0, 14).Format(time.DateOnly)
	browser.Eval[bool](t, tab, fmt.Sprintf(`(() => { document.getElementById("request-subject").value = "Personalausweis";
		document.getElementById("request-body").value = "Bitte laden Sie eine Kopie Ihres Personalausweises hoch.";
		document.getElementById("request-due").value = %q; return true })()`, due))
	webtest.Click(t, tab, `#request-send`, `document.readyState === "complete" && (location.search.includes("erledigt=request") || !!document.getElementById("action-errors"))`)
	if s := browser.Eval[string](t, tab, `document.getElementById("main") ? document.getElementById("main").innerText : document.body.innerText`); !strings.Contains(s, "Wartet auf Antragsteller") {
		t.Fatalf("after the request the case is %q", s)
	}
	webtest.CheckStaffPage(t, tab, "Personalausweis")
	merkblatt := webtest.WritePDF(t, "Merkblatt Ausweiskopie.pdf")
	browser.Eval[bool](t, tab, `(() => { document.getElementById("message-subject").value = "Merkblatt";
		document.getElementById("message-body").value = "Anbei ein Merkblatt zur Ausweiskopie."; return true })()`)
	webtest.Check(t, chromedp.Do(tab, chromedp.SetUploadFiles("#message-files", []string{merkblatt})))
	webtest.Click(t, tab, `#message-send`, `document.readyState === "complete" && (location.search.includes("erledigt=message") || !!document.getElementById("action-errors"))`)
	webtest.CheckStaffPage(t, tab, "Merkblatt Ausweiskopie.pdf")

	// The citizen reads both in the mailbox, downloads the file and
	// answers the request with a PDF.
	citizenAnswers(t, w, cit, mailboxURL, merkblatt)

	// Decide: draft from the template, preview, send.
	browsertest.Navigate(t, tab, w.Base+"/verwaltung/vorgaenge/"+c.Reference)
	if s := browser.Eval[string](t, tab, `document.getElementById("case-status").innerText`); !strings.Contains(s, "In Bearbeitung") {
		t.Fatalf("after the answer the case is %q, want in review", s)
	}
	if txt := browser.Eval[string](t, tab, `document.getElementById("requests").parentElement.innerText`); !strings.Contains(txt, "Anbei mein Ausweis.") {
		t.Errorf("the request does not show the citizen's answer: %q", txt)
	}
	webtest.Click(t, tab, `#outcome-approved`, `document.getElementById("outcome-approved").checked`)
	webtest.Click(t, tab, `#notice-draft`, `!!document.getElementById("notice-preview")`)
	webtest.CheckStaffPage(t, tab, "Bescheid")
	if body := browser.Eval[string](t, tab, `document.getElementById("notice-body").value`); !strings.Contains(body, c.ApplicantName) && !strings.Contains(body, "Wohnsitz") {
		t.Errorf("the drafted notice is not filled: %q", body)
	}
	href := browser.Eval[string](t, tab, `document.getElementById("notice-preview").getAttribute("href")`)
	token := webtest.SessionCookie(t, tab)
	if st, _, b := w.Do(t, http.MethodGet, href, token, "", ""); st != http.StatusOK || !strings.HasPrefix(b, "%PDF-") {
		t.Errorf("notice preview: %d", st)
	}
	webtest.Click(t, tab, `#notice-send`, `!!document.getElementById("send-confirm")`) // the confirmation page
	webtest.CheckStaffPage(t, tab, "Was beim Versenden geschieht")
	webtest.Click(t, tab, `#send-confirm`, `!!document.getElementById("case-status") && document.getElementById("case-status").innerText.includes("Entschieden")`)
	webtest.CheckStaffPage(t, tab, "Bescheid")
	if hist := browser.Eval[string](t, tab, `document.getElementById("history").parentElement.innerText`); !strings.Contains(hist, "Sabine Sachbearbeiterin") {
		t.Errorf("the history does not name the case worker:\n%s", hist)
	}

	// A document preview of the citizen's answer PDF.
	prev := browser.Eval[string](t, tab, `(() => { const a = [...document.querySelectorAll('a[href$="/vorschau"]')]; return a.length ? a[a.length-1].getAttribute("href") : "" })()`)
	if prev == "" {
		t.Fatal("no document preview link on the case page")
	}
	browsertest.Navigate(t, tab, w.Base+prev)
	webtest.CheckStaffPage(t, tab, "SHA-256")
	src := browser.Eval[string](t, tab, `document.querySelector("iframe, img.amtsweg-preview-img").getAttribute("src")`)
	req, _ := http.NewRequest(http.MethodGet, w.Base+src, nil)
	req.AddCookie(&http.Cookie{Name: account.SessionCookie(false).Name, Value: token})
	resp, err := webtest.NoFollow().Do(req)
	webtest.Check(t, err)
	resp.Body.Close()
	if ct, cd, csp := resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"), resp.Header.Get("Content-Security-Policy"); resp.StatusCode != 200 ||
		ct != "application/pdf" || !strings.HasPrefix(cd, "inline") || !strings.Contains(csp, "frame-ancestors 'self'") {
		t.Errorf("inline document: %d %q %q %q", resp.StatusCode, ct, cd, csp)
	}

	checkNotice(t, w, cit, mailboxURL, c)
	checkExport(t, w, token, c)

	// English: the same back-office pages and the citizen's mailbox.
	_, err = chromedp.Call(tab, network.SetCookie, network.SetCookieParams{Name: "lang", Value: "en", URL: w.Base + "/", Path: "/"})
	webtest.Check(t, err)
	browsertest.Navigate(t, tab, w.Base+"/verwaltung")
	webtest.CheckStaffPage(t, tab, "Inbox")
	browsertest.Navigate(t, tab, w.Base+"/verwaltung/vorgaenge/"+c.Reference)
	webtest.CheckStaffPage(t, tab, "Decision and notice")
	browsertest.Navigate(t, tab, w.Base+prev)
	webtest.CheckStaffPage(t, tab, "SHA-256")
	browser.AcceptLanguage(t, cit, "en")
	browsertest.Navigate(t, cit, mailboxURL)
	webtest.ApplyCheck(t, cit, i18n.English)
	return w
}

// citizenApplies: in the citizen's tab, from the service page through
// the form pages of "Wohnsitz anmelden" as a guest (with the landlord's
// confirmation as a PDF), the review and the receipt, to a lasting link
// to the guest mailbox. It returns the reference and that link.
func citizenApplies(t *testing.T, w *webtest.World, cit context.Context) (string, string) {
	t.Helper()
	lang := i18n.German
	ref := webtest.WohnsitzAlone(t, cit, w.Base, lang, "Jonas", "Becker", time.Date(1988, 4, 12, 0, 0, 0, 0, time.UTC))
	webtest.CheckReceiptPDF(t, cit, ref)
	webtest.ApplyGo(t, cit, `document.getElementById("receipt-mailbox").click()`, `location.pathname.endsWith("/postfach")`)
	webtest.ApplyCheck(t, cit, lang)
	webtest.ApplyGo(t, cit, `document.querySelector('main form button[type=submit]').click()`, `!!document.getElementById("mailbox-link")`)
	webtest.ApplyCheck(t, cit, lang)
	return ref, browser.Eval[string](t, cit, `document.getElementById("mailbox-link").href`)
}

// citizenAnswers: in the citizen's tab, the guest mailbox shows the
// request and the message; the message's file downloads unchanged; the
// answer to the request goes through the page with a PDF.
func citizenAnswers(t *testing.T, w *webtest.World, cit context.Context, mailboxURL, sent string) {
	t.Helper()
	browsertest.Navigate(t, cit, mailboxURL)
	webtest.ApplyCheck(t, cit, i18n.German)
	text := browser.Eval[string](t, cit, `document.querySelector("main").innerText`)
	for _, want := range []string{"Personalausweis", "Merkblatt", "Merkblatt Ausweiskopie.pdf"} {
		if !strings.Contains(text, want) {
			t.Errorf("the mailbox does not show %q", want)
		}
	}
	href := browser.Eval[string](t, cit, `[...document.querySelectorAll('main a[href*="/anlagen/"]')].find(a => a.textContent === "Merkblatt Ausweiskopie.pdf").getAttribute("href")`)
	want, err := os.ReadFile(sent)
	webtest.Check(t, err)
	if f, got := webtest.ApplyFetch(t, cit, "GET", href, ""); f.Status != 200 || !bytes.Equal(got, want) {
		t.Errorf("attachment download: status %d, %d bytes, want the %d sent", f.Status, len(got), len(want))
	}
	form := `document.querySelector('main input[name="request"]').form`
	browser.Eval[bool](t, cit, `(() => { `+form+`.querySelector("textarea[name=body]").value = "Anbei mein Ausweis."; return true })()`)
	webtest.Check(t, chromedp.Do(cit, chromedp.SetUploadFiles("#"+browser.Eval[string](t, cit, form+`.querySelector("input[type=file]").id`),
		[]string{webtest.WritePDF(t, "Personalausweis.pdf")})))
	webtest.ApplyGo(t, cit, form+`.querySelector("button[type=submit]").click()`, `location.search.includes("gesendet=1") || !!document.querySelector('[id$="-errors"]')`)
	webtest.ApplyCheck(t, cit, i18n.German)
	if !browser.Eval[bool](t, cit, `!!document.getElementById("reply-sent")`) {
		t.Fatalf("the answer was not sent: %s", browser.Eval[string](t, cit, `document.querySelector("main").innerText`))
	}
}

// checkNotice: the citizen downloads the notice PDF from the mailbox page
// in the browser; the CLI and the public check page accept that file
// and refuse a modified copy.
func checkNotice(t *testing.T, w *webtest.World, cit context.Context, mailboxURL string, c casework.Case) {
	browsertest.Navigate(t, cit, mailboxURL)
	webtest.ApplyCheck(t, cit, i18n.German)
	href := browser.Eval[string](t, cit, `(() => { const a = document.querySelector('main a[href*="/bescheide/"]'); return a ? a.getAttribute("href") : "" })()`)
	if href == "" {
		t.Fatalf("the mailbox offers no notice: %s", browser.Eval[string](t, cit, `document.querySelector("main").innerText`))
	}
	f, pdf := webtest.ApplyFetch(t, cit, "GET", href, "")
	if f.Status != http.StatusOK || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("notice download from the mailbox page: %d", f.Status)
	}
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "bescheid.pdf"), filepath.Join(dir, "geaendert.pdf")
	webtest.Check(t, os.WriteFile(good, pdf, 0o600))
	webtest.Check(t, os.WriteFile(bad, append(bytes.Clone(pdf), '\n'), 0o600))
	var out, errs bytes.Buffer
	if code := cli.Main(context.Background(), []string{"verify", "notice", good, "--database", w.DSN, "--data", w.Dir}, &out, &errs); code != 0 || !strings.Contains(out.String(), c.Reference) {
		t.Errorf("verify notice: exit %d, %q %q", code, out.String(), errs.String())
	}
	out.Reset()
	if code := cli.Main(context.Background(), []string{"verify", "notice", bad, "--database", w.DSN, "--data", w.Dir}, &out, &errs); code != 1 {
		t.Errorf("verify notice of a modified copy: exit %d, %q", code, out.String())
	}
	checkOnOtherHost(t, w, pdf, c)
	// The public check page, with the PDF uploaded in the citizen's tab.
	for file, want := range map[string]string{good: "echt", bad: "nicht bestätigt"} {
		browsertest.Navigate(t, cit, w.Base+"/bescheid-pruefen")
		webtest.CheckStaffPage(t, cit, "SHA-256")
		webtest.Check(t, chromedp.Do(cit, chromedp.SetUploadFiles("#pdf", []string{file})))
		webtest.Click(t, cit, `form[enctype="multipart/form-data"] button[type=submit]`, `!!document.getElementById("verify-result")`)
		webtest.CheckStaffPage(t, cit, "SHA-256")
		if txt := browser.Eval[string](t, cit, `document.getElementById("verify-result").innerText`); !strings.Contains(txt, want) {
			t.Errorf("check of %s: %q, want %q", filepath.Base(file), txt, want)
		}
	}
}

// checkOnOtherHost: the check page of the other tenant's host confirms
// the PDF with the authority and tenant that sealed it (what the notice
// itself shows), but does not answer for the reference and hash alone.
func checkOnOtherHost(t *testing.T, w *webtest.World, pdf []byte, c casework.Case) {
	t.Helper()
	ta, err := tenant.BySlug(context.Background(), w.DB, demo.TenantSlug)
	webtest.Check(t, err)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, err := mw.CreateFormFile("pdf", "bescheid.pdf")
	webtest.Check(t, err)
	fw.Write(pdf)
	webtest.Check(t, mw.Close())
	req, err := http.NewRequest(http.MethodPost, w.Base+"/bescheid-pruefen", &buf)
	webtest.Check(t, err)
	req.Host = webtest.HostB
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", "http://"+webtest.HostB)
	resp, err := webtest.NoFollow().Do(req)
	webtest.Check(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := html.UnescapeString(string(body))
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, `id="verify-result"`) || !strings.Contains(page, "Das Siegel der Behörde passt") ||
		!strings.Contains(page, "("+ta.Name+")") || !strings.Contains(page, c.Reference) {
		t.Errorf("check of the PDF on %s: %d, the page does not confirm it with the tenant %q", webtest.HostB, resp.StatusCode, ta.Name)
	}
	sum := sha256.Sum256(pdf)
	st, _, other := w.Do(t, http.MethodPost, "/bescheid-pruefen", "", webtest.HostB, "reference="+c.Reference+"&sha256="+hex.EncodeToString(sum[:]))
	if st != http.StatusOK || strings.Contains(other, "Das Siegel der Behörde passt") || strings.Contains(html.UnescapeString(other), ta.Name+")") {
		t.Errorf("check by reference on the other tenant's host: %d, confirmed or named the tenant", st)
	}
}

// checkExport downloads the xdomea export and validates its message.
func checkExport(t *testing.T, w *webtest.World, token string, c casework.Case) {
	st, _, body := w.Do(t, http.MethodGet, "/verwaltung/vorgaenge/"+c.Reference+"/export", token, "", "")
	if st != http.StatusOK {
		t.Fatalf("export: %d", st)
	}
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	webtest.Check(t, err)
	dir := t.TempDir()
	var msg string
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, ".xml") {
			rc, err := f.Open()
			webtest.Check(t, err)
			b, _ := io.ReadAll(rc)
			rc.Close()
			msg = filepath.Join(dir, f.Name)
			webtest.Check(t, os.WriteFile(msg, b, 0o600))
		}
	}
	if msg == "" || len(zr.File) < 4 {
		t.Fatalf("export holds %d files and message %q", len(zr.File), msg)
	}
	xsd, _ := filepath.Abs("../../refdata/xdomea/xsd-3.0.0/xdomea.xsd")
	if out, err := exec.Command("xmllint", "--noout", "--schema", xsd, msg).CombinedOutput(); err != nil {
		t.Errorf("xdomea message does not validate: %v\n%s", err, out)
	}
}

// enrolTOTP sets up the staff member's TOTP through the account API and
// returns its secret.
func enrolTOTP(t *testing.T, w *webtest.World, accountID int64) string {
	ctx := context.Background()
	a, err := account.ByID(ctx, w.DB, accountID)
	webtest.Check(t, err)
	_, token, err := w.Acc.StartSession(ctx, a, account.SessionStart{Level: account.LevelLow, Method: "password"})
	webtest.Check(t, err)
	en, err := w.Acc.EnrolTOTP(ctx, accountID)
	webtest.Check(t, err)
	_, _, err = w.Acc.ConfirmTOTP(ctx, token, webtest.TOTP(t, en.Secret, time.Now()))
	webtest.Check(t, err)
	return en.Secret
}
