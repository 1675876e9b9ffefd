package journeys_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/web/webtest"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/casework/caseworktest"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/demo"
	"github.com/amtsweg/amtsweg/internal/i18n"
	pfmailbox "github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestAccountJourney is issue #5's "done when" as one journey, on both
// databases, once per language with a fresh user who switches to it with
// the page's language switch: sign up, confirm the address with the link
// from the mail the real SMTP server received, turn on TOTP, apply for
// "Wohnsitz anmelden", log out (the server session ends), log in with
// password and TOTP; the authority (casework's and mailbox's Go API as a
// case worker of the office the application was routed to) takes the
// case, writes a message with a file and requests a document; the
// citizen gets e-mails holding only a link, sees status and unread
// message in "Mein Konto", opens the mailbox and answers with a PDF;
// answer, file and read state are read back through package mailbox.
// Every page visited is axe-clean.
func TestAccountJourney(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := fjStart(t, d)
			for _, lang := range i18n.Langs() {
				t.Run(string(lang), func(t *testing.T) { w.journey(t, lang) })
			}
		})
	}
}

// fjWorld is the running app with its SMTP server, and the authority's
// side: capability services on the app's database and data folder whose
// e-mails go through the same job queue (the app's workers send them).
type fjWorld struct {
	base   string
	smtp   *mailbox
	db     *store.DB
	cases  *casework.Service
	post   *pfmailbox.Service
	acc    *account.Service
	msgs   *i18n.Catalog
	tenant tenant.ID
}

func fjStart(t *testing.T, d store.Dialect) *fjWorld {
	t.Helper()
	ctx := context.Background()
	dsn, dir := storetest.DSN(t, d), t.TempDir()
	w := &fjWorld{smtp: startMailbox(t)}
	var cfg config.Config
	w.base = browsertest.Start(t, browsertest.WithDatabaseURL(dsn), browsertest.WithConfig(func(c *config.Config) {
		w.smtp.Configure(c)
		c.DataDir, cfg = dir, *c
	}))
	var err error
	w.db, err = store.Open(ctx, dsn)
	boCheck(t, err)
	t.Cleanup(func() { w.db.Close() })
	tn, err := tenant.BySlug(ctx, w.db, demo.TenantSlug)
	boCheck(t, err)
	w.tenant = tn.ID
	// The queue is never started: the app's workers run what it enqueues.
	cw := webtest.CaseWorld(t, w.db, dir, caseworktest.Config{Mail: &cfg.Mail, BaseURL: func() string { return w.base }})
	w.cases, w.post = cw.Cases, cw.Mailbox
	w.acc, err = account.New(w.db, account.DefaultConfig(), time.Now)
	boCheck(t, err)
	w.msgs, err = i18n.Load()
	boCheck(t, err)
	return w
}

func (w *fjWorld) journey(t *testing.T, lang i18n.Lang) {
	ctx := w.switchTo(t, lang)
	email := fmt.Sprintf("erika.%s.%d@example.de", lang, time.Now().UnixNano())
	signUp(t, ctx, w.smtp, w.base, lang, email)
	secret := enrolTOTP(t, ctx, lang)
	enrolled := time.Now()
	appID, reference := fjApply(t, ctx, w.base, lang)
	w.relogin(t, ctx, lang, email, secret, enrolled)

	c := w.routedCase(t, appID)
	if c.Reference != reference {
		t.Fatalf("case %s, receipt %s", c.Reference, reference)
	}
	w.home(t, ctx, lang, appID, "mailbox.progress.received", 0)
	w.checkReceived(t, lang, email, appID)
	mailed := w.smtp.Count(email)
	staff := w.caseWorker(t, c)
	msg, req := w.authorityActs(t, staff, c, lang)
	w.checkNotifications(t, lang, email, mailed, c, msg)
	w.home(t, ctx, lang, appID, "mailbox.progress.action_needed", 2)

	pdfPath := webtest.WritePDF(t, "Personalausweis.pdf")
	w.answer(t, ctx, lang, appID, msg, req, pdfPath)
	w.checkStored(t, staff, c, email, req, pdfPath)
	w.home(t, ctx, lang, appID, "mailbox.progress.in_review", 0)
	for _, p := range []string{"/postfach", "/konto/sitzungen", "/konto/profil", "/konto/passwort", "/konto/email", "/konto/loeschen", "/konto/zweiter-faktor"} {
		browsertest.Navigate(t, ctx, w.base+p)
		checkPage(t, ctx, lang)
	}
}

// switchTo opens a fresh tab whose browser asks for the other language
// and switches to lang with the language switch on the home page, as a
// person would; the choice is a cookie the later pages follow.
func (w *fjWorld) switchTo(t *testing.T, lang i18n.Lang) context.Context {
	t.Helper()
	ctx := browsertest.Tab(t)
	other := i18n.English
	if lang == i18n.English {
		other = i18n.German
	}
	browser.AcceptLanguage(t, ctx, string(other))
	browsertest.Navigate(t, ctx, w.base+"/")
	checkPage(t, ctx, other)
	clickAndWait(t, ctx, fmt.Sprintf(`document.querySelector('form[action="/sprache"] button[value=%q]').click()`, lang),
		fmt.Sprintf(`document.documentElement.lang === %q`, lang))
	checkPage(t, ctx, lang)
	return ctx
}

// fjApply applies for "Wohnsitz anmelden" (assurance low) through the
// citizen pages with the tab's login: intro, the pages with a PDF, review,
// submit; it returns the application's id and the receipt's reference.
func fjApply(t *testing.T, ctx context.Context, base string, lang i18n.Lang) (int64, string) {
	t.Helper()
	reference := webtest.WohnsitzAlone(t, ctx, base, lang, "Erika", "Mustermann", time.Date(1985, 4, 12, 0, 0, 0, 0, time.UTC))
	path := here(t, ctx) // /antraege/{id}/eingangsbestaetigung
	id, err := strconv.ParseInt(strings.Split(path, "/")[2], 10, 64)
	if err != nil {
		t.Fatalf("receipt at %s: %v", path, err)
	}
	return id, reference
}

// relogin logs out (the server ends the session: its old cookie no
// longer opens "Mein Konto") and logs in with password and a TOTP code
// of a later time step than the one spent on enrolment.
func (w *fjWorld) relogin(t *testing.T, ctx context.Context, lang i18n.Lang, email, secret string, enrolled time.Time) {
	t.Helper()
	browsertest.Navigate(t, ctx, w.base+"/konto")
	token := webtest.SessionCookie(t, ctx)
	clickAndWait(t, ctx, `document.querySelector('form[action="/abmelden"] button').click()`, `location.pathname === "/anmelden"`)
	checkPage(t, ctx, lang)
	if _, err := w.acc.Session(context.Background(), token); err == nil {
		t.Error("the session still exists after logging out")
	}
	req, _ := http.NewRequest(http.MethodGet, w.base+"/konto", nil)
	req.AddCookie(&http.Cookie{Name: account.SessionCookie(false).Name, Value: token})
	resp, err := boClient().Do(req)
	boCheck(t, err)
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/anmelden") {
		t.Errorf("the logged-out session's cookie gets %d %q for /konto, want the login page", resp.StatusCode, loc)
	}
	browsertest.Navigate(t, ctx, w.base+"/konto")
	if p := here(t, ctx); !strings.HasPrefix(p, "/anmelden") {
		t.Fatalf("after logout /konto shows %s, want the login page", p)
	}
	checkPage(t, ctx, lang)
	fill(t, ctx, "/anmelden", map[string]string{"f-email": email, "f-password": journeyPassword}, `location.pathname === "/anmelden/code"`)
	checkPage(t, ctx, lang)
	// The code that confirmed the enrolment is spent: a person waits for
	// the app's next code (applying usually took long enough).
	for time.Now().Unix()/30 == enrolled.Unix()/30 {
		time.Sleep(200 * time.Millisecond)
	}
	fill(t, ctx, "/anmelden/code", map[string]string{"f-code": totp(t, secret, time.Now())}, `location.pathname !== "/anmelden/code"`)
	if p := here(t, ctx); p != "/konto" {
		t.Fatalf("after the second factor the tab shows %s, want /konto", p)
	}
	checkPage(t, ctx, lang)
}

// routedCase waits until the app's submission job has routed application
// appID and returns its case (read directly: no staff principal yet).
func (w *fjWorld) routedCase(t *testing.T, appID int64) casework.Case {
	t.Helper()
	c := casework.Case{ApplicationID: appID}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		err := w.db.QueryRowContext(context.Background(), `SELECT id, reference, authority_id, clearing FROM case_record
			WHERE application_id = $1`, appID).Scan(&c.ID, &c.Reference, &c.AuthorityID, &c.Clearing)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("application %d was not routed: %v", appID, err)
		}
	}
	if c.Clearing {
		t.Fatalf("Wohnsitz anmelden in Dresden went to clearing, not to a registration office")
	}
	return c
}

// caseWorker creates a case worker of the case's authority and returns
// the principal.
func (w *fjWorld) caseWorker(t *testing.T, c casework.Case) casework.Staff {
	t.Helper()
	ctx := context.Background()
	a, _, err := w.acc.CreateStaff(ctx, "test", account.NewStaff{TenantID: w.tenant, Name: "Sabine Sachbearbeiterin",
		Email:    fmt.Sprintf("sachbearbeitung-%d@behoerde.test", time.Now().UnixNano()),
		Password: "Meldeamt sicher 2026!", Roles: []account.StaffRole{{AuthorityID: c.AuthorityID, Role: account.RoleCaseWorker}}})
	boCheck(t, err)
	s, err := casework.LoadStaff(ctx, w.db, w.tenant, a.ID)
	boCheck(t, err)
	return s
}

// authorityActs: the case worker claims the case, starts reviewing it,
// writes a message with a file and requests a document (the case then
// waits for the applicant).
func (w *fjWorld) authorityActs(t *testing.T, staff casework.Staff, c casework.Case, lang i18n.Lang) (pfmailbox.Message, casework.Request) {
	t.Helper()
	ctx := context.Background()
	_, err := w.cases.Claim(ctx, staff, c.ID)
	boCheck(t, err)
	_, err = w.cases.Move(ctx, staff, c.ID, casework.ActReview, "")
	boCheck(t, err)
	m, err := w.post.PostToApplicant(ctx, staff, c.ID, pfmailbox.Post{Subject: "Hinweis zur Anmeldung " + string(lang),
		Body: "Bitte beachten Sie das beigefügte Merkblatt.", Files: []pfmailbox.Upload{{Name: "Merkblatt.pdf",
			Content: strings.NewReader("%PDF-1.7\n% Merkblatt\n")}}})
	boCheck(t, err)
	r, err := w.cases.RequestInfo(ctx, staff, c.ID, casework.RequestInput{Subject: "Personalausweis",
		Body: "Bitte laden Sie eine Kopie Ihres Personalausweises hoch.", Due: time.Now().AddDate(0, 0, 14)})
	boCheck(t, err)
	return m, r
}

// checkNotifications waits for the two "new message" e-mails (message
// and request) at the SMTP server: each holds the link to the mailbox
// and nothing of the case.
func (w *fjWorld) checkNotifications(t *testing.T, lang i18n.Lang, email string, before int, c casework.Case, m pfmailbox.Message) {
	t.Helper()
	var got []string
	for deadline := time.Now().Add(20 * time.Second); len(got) < 2; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d of 2 notification e-mails arrived", len(got))
		}
		got = w.smtp.Texts(email)[before:]
	}
	for _, text := range got {
		if !strings.Contains(text, w.base+"/postfach") {
			t.Errorf("notification without the mailbox link:\n%s", text)
		}
		// In the language the user logged in with (the account keeps it).
		if want := map[i18n.Lang]string{i18n.German: "neue Nachricht", i18n.English: "new message"}[lang]; !strings.Contains(text, want) {
			t.Errorf("notification not in %s (no %q):\n%s", lang, want, text)
		}
		for _, secret := range []string{c.Reference, m.Subject, m.Body, "Merkblatt", "Personalausweis", "Wohnsitz", "Mustermann"} {
			if strings.Contains(text, secret) {
				t.Errorf("notification reveals %q:\n%s", secret, text)
			}
		}
	}
}

// checkReceived waits for the "application received" e-mail: in the
// user's language, with the link to the receipt page and nothing of the
// application's content.
func (w *fjWorld) checkReceived(t *testing.T, lang i18n.Lang, email string, appID int64) {
	t.Helper()
	link := fmt.Sprintf("%s/antraege/%d/eingangsbestaetigung", w.base, appID)
	want := map[i18n.Lang]string{i18n.German: "Ihr Antrag ist bei uns eingegangen", i18n.English: "we have received your application"}[lang]
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		for _, text := range w.smtp.Texts(email) {
			if !strings.Contains(text, link) {
				continue
			}
			if !strings.Contains(text, want) || strings.Contains(text, "Mustermann") || strings.Contains(text, "Wohnsitz") {
				t.Errorf("application received e-mail (want %q, no content):\n%s", want, text)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no application received e-mail with %s; got:\n%s", link, strings.Join(w.smtp.Texts(email), "\n----\n"))
		}
	}
}

// home opens "Mein Konto" and checks the application's row: the status
// as the applicant sees it and the unread entries of its mailbox.
func (w *fjWorld) home(t *testing.T, ctx context.Context, lang i18n.Lang, appID int64, progress string, unread int) {
	t.Helper()
	browsertest.Navigate(t, ctx, w.base+"/konto")
	checkPage(t, ctx, lang)
	row := browser.Eval[string](t, ctx, fmt.Sprintf(`(document.getElementById("app-%d") || {innerText: ""}).innerText`, appID))
	if want := w.msgs.T(lang, progress); !strings.Contains(row, want) {
		t.Errorf("Mein Konto shows %q for the application, want the status %q", row, want)
	}
	want := w.msgs.T(lang, "account.apps.open_mailbox")
	if unread > 0 {
		want = w.msgs.T(lang, "mailbox.list.unread_count", "n", unread)
	}
	if !strings.Contains(row, want) {
		t.Errorf("Mein Konto shows %q for the application, want %q", row, want)
	}
}

// answer opens the mailbox from "Mein Konto", reads the authority's
// message and request, downloads the message's file and answers the
// request with a PDF.
func (w *fjWorld) answer(t *testing.T, ctx context.Context, lang i18n.Lang, appID int64, m pfmailbox.Message, r casework.Request, pdfPath string) {
	t.Helper()
	thread := fmt.Sprintf("/postfach/%d", appID)
	clickAndWait(t, ctx, fmt.Sprintf(`document.querySelector('#app-%d a[href=%q]').click()`, appID, thread), fmt.Sprintf(`location.pathname === %q`, thread))
	checkPage(t, ctx, lang)
	text := browser.Eval[string](t, ctx, `document.querySelector("main").innerText`)
	for _, want := range []string{m.Subject, m.Body, "Merkblatt.pdf", r.Subject, r.Body, w.msgs.T(lang, "mailbox.progress.action_needed")} {
		if !strings.Contains(text, want) {
			t.Errorf("the mailbox lacks %q", want)
		}
	}
	f, body := webtest.ApplyFetch(t, ctx, "GET", browser.Eval[string](t, ctx, fmt.Sprintf(`document.querySelector('a[href^=%q]').href`, thread+"/anlagen/")), "")
	if f.Status != 200 || !bytes.HasPrefix(body, []byte("%PDF-1.7\n% Merkblatt")) {
		t.Errorf("the message's file: %d %q", f.Status, body[:min(len(body), 20)])
	}
	form := fmt.Sprintf("antwort-%d", r.ID)
	webtest.ApplyUpload(t, ctx, form+"-files", pdfPath)
	webtest.ApplyFill(t, ctx, map[string]string{form + "-body": "Anbei mein Personalausweis."})
	clickAndWait(t, ctx, fmt.Sprintf(`document.querySelector('#%s-files').form.querySelector('button[type=submit]').click()`, form),
		`location.search === "?gesendet=1"`)
	checkPage(t, ctx, lang)
	if browser.Eval[int](t, ctx, `document.querySelectorAll("#reply-sent").length`) != 1 {
		t.Error("no confirmation after sending the answer")
	}
}

// checkStored reads back through package mailbox: staff see the message
// and the request as read, the applicant's thread holds the answer with
// the PDF, whose content is the file chosen in the browser; the case is
// in review again.
func (w *fjWorld) checkStored(t *testing.T, staff casework.Staff, c casework.Case, email string, r casework.Request, pdfPath string) {
	t.Helper()
	ctx := context.Background()
	sv, err := w.post.ForCase(ctx, staff, c.ID)
	boCheck(t, err)
	if len(sv.Messages) != 1 || sv.Messages[0].ReadAt.IsZero() || sv.RequestsRead[r.ID].IsZero() {
		t.Errorf("staff do not see the message and the request as read: %+v", sv)
	}
	a, err := account.ByEmail(ctx, w.db, w.tenant, email)
	boCheck(t, err)
	reader := pfmailbox.AccountReader(w.tenant, a.ID, 0)
	th, err := w.post.Open(ctx, reader, c.ApplicationID)
	boCheck(t, err)
	i := slices.IndexFunc(th.Items, func(it pfmailbox.Item) bool { return it.Kind == pfmailbox.KindRequest && it.ID == r.ID })
	if i < 0 || th.Items[i].Open || th.Items[i].Answer != "Anbei mein Personalausweis." || len(th.Items[i].Attachments) != 1 {
		t.Fatalf("the request in the thread: %+v", th.Items)
	}
	att := th.Items[i].Attachments[0]
	_, rc, err := w.post.OpenFile(ctx, reader, c.ApplicationID, att.Ref)
	boCheck(t, err)
	got, err := io.ReadAll(rc)
	rc.Close()
	boCheck(t, err)
	want, err := os.ReadFile(pdfPath)
	boCheck(t, err)
	if att.Name != "Personalausweis.pdf" || att.MediaType != "application/pdf" || !bytes.Equal(got, want) {
		t.Errorf("the stored answer file: %s %s, %d bytes (uploaded %d)", att.Name, att.MediaType, len(got), len(want))
	}
	if got, err := w.cases.Get(ctx, staff, c.ID); err != nil || got.Status != casework.InReview {
		t.Errorf("case after the answer: %s %v, want in_review", got.Status, err)
	}
}
