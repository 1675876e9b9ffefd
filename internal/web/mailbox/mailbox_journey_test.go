package mailbox_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/casework/caseworktest"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/demo"
	"github.com/amtsweg/amtsweg/internal/i18n"
	postfach "github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// pfWorld is the back office side of the running app: the same database
// and blob folder, with the capability services built on them.
type pfWorld struct {
	db     *store.DB
	cw     *caseworktest.World
	apps   *apply.Service
	cases  *casework.Service
	mb     *postfach.Service
	acc    *account.Service
	tenant tenant.ID
	staff  casework.Staff
}

// pfOpen opens the app's database in dir with the demo tenant, a tenant
// admin and the guest procedure "postfach-journey".
func pfOpen(t *testing.T, dir string) *pfWorld {
	t.Helper()
	ctx := context.Background()
	w := &pfWorld{}
	var err error
	w.db, err = store.Open(ctx, filepath.Join(dir, "amtsweg.db"))
	pfCheck(t, err)
	t.Cleanup(func() { w.db.Close() })
	tn, err := tenant.BySlug(ctx, w.db, demo.TenantSlug)
	pfCheck(t, err)
	w.tenant = tn.ID
	caseworktest.ImportProcedure(t, w.db, caseworktest.Procedure{ID: "postfach-journey", TitleDE: "Postfachtest", TitleEN: "Mailbox test"})
	w.cw = webtest.CaseWorld(t, w.db, dir, caseworktest.Config{})
	w.apps, w.cases, w.mb = w.cw.Apps, w.cw.Cases, w.cw.Mailbox
	w.acc, err = account.New(w.db, account.DefaultConfig(), time.Now)
	pfCheck(t, err)
	w.staff = w.cw.Admin(t, w.tenant, "Sachbearbeiterin Sommer")
	return w
}

func pfCheck(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (w *pfWorld) account(t *testing.T, kind account.Kind, name string) int64 {
	t.Helper()
	return w.cw.Account(t, w.tenant, kind, name)
}

// caseFor submits an application of accountID and routes it (to the
// clearing office: the procedure names no service); the case is in review.
func (w *pfWorld) caseFor(t *testing.T, accountID int64) casework.Case {
	t.Helper()
	s := w.cw.Submit(t, caseworktest.Submission{TenantID: w.tenant, Procedure: "postfach-journey",
		Owner: apply.AccountOwner(accountID, 0), Name: "Erika Mustermann", Staff: w.staff})
	c, err := w.cases.Move(context.Background(), w.staff, s.Case.ID, casework.ActReview, "")
	pfCheck(t, err)
	return c
}

// login starts a session for accountID and puts its cookie into the tab.
func (w *pfWorld) login(t *testing.T, ctx context.Context, base string, accountID int64) {
	t.Helper()
	a, err := account.ByID(context.Background(), w.db, accountID)
	pfCheck(t, err)
	_, token, err := w.acc.StartSession(context.Background(), a, account.SessionStart{Level: account.LevelLow, Method: "password"})
	pfCheck(t, err)
	_, err = chromedp.Call(ctx, network.SetCookie, network.SetCookieParams{Name: account.SessionCookie(false).Name,
		Value: token, URL: base + "/", Path: "/"})
	pfCheck(t, err)
}

// TestMailboxJourney: a citizen with an account opens the mailbox, sees
// the staff message as unread, opens the thread (download of the
// message's file works), answers the open request by keyboard with a PDF
// upload; the case wakes, the PDF is in the case file, and staff see the
// message as read. Axe-clean in German and English. Another account gets
// 404 for the thread.
func TestMailboxJourney(t *testing.T) {
	dir := t.TempDir()
	base := browsertest.Start(t, browsertest.WithConfig(func(c *config.Config) { c.DataDir = dir }))
	w := pfOpen(t, dir)
	pdfPath := filepath.Join(t.TempDir(), "Meldebescheinigung.pdf")
	pfCheck(t, os.WriteFile(pdfPath, []byte("%PDF-1.7\n% Meldebescheinigung\n"), 0o600))
	citizen := w.account(t, account.KindCitizen, "Erika Mustermann")
	for _, lang := range i18n.Langs() {
		t.Run(string(lang), func(t *testing.T) {
			bg := context.Background()
			c := w.caseFor(t, citizen)
			m, err := w.mb.PostToApplicant(bg, w.staff, c.ID, postfach.Post{Subject: "Hinweis zu Ihrem Antrag " + string(lang),
				Body: "Bitte beachten Sie die Nachforderung.", Files: []postfach.Upload{{Name: "Merkblatt.pdf",
					Content: strings.NewReader("%PDF-1.7\n% Merkblatt\n")}}})
			pfCheck(t, err)
			r, err := w.cases.RequestInfo(bg, w.staff, c.ID, casework.RequestInput{Subject: "Meldebescheinigung",
				Body: "Bitte reichen Sie eine Meldebescheinigung nach.", Due: time.Now().AddDate(0, 0, 14)})
			pfCheck(t, err)

			ctx := browsertest.Tab(t)
			if lang == i18n.English {
				browser.AcceptLanguage(t, ctx, "en")
			}
			w.login(t, ctx, base, citizen)
			browsertest.Navigate(t, ctx, base+"/postfach")
			webtest.CheckPage(t, ctx, lang)
			thread := fmt.Sprintf("/postfach/%d", c.ApplicationID)
			row := browser.Eval[string](t, ctx, fmt.Sprintf(`document.querySelector('a[href=%q]').closest("tr").innerText`, thread))
			if !strings.Contains(row, "2") || !strings.Contains(row, c.Reference) {
				t.Fatalf("overview row %q: want the reference and 2 unread", row)
			}
			webtest.ClickAndWait(t, ctx, fmt.Sprintf(`document.querySelector('a[href=%q]').click()`, thread), fmt.Sprintf(`location.pathname === %q`, thread))
			webtest.CheckPage(t, ctx, lang)
			text := browser.Eval[string](t, ctx, `document.querySelector("main").innerText`)
			for _, want := range []string{m.Subject, "Bitte beachten Sie die Nachforderung.", "Merkblatt.pdf", "Meldebescheinigung"} {
				if !strings.Contains(text, want) {
					t.Errorf("thread lacks %q", want)
				}
			}
			status := browser.Eval[int](t, ctx, fmt.Sprintf(`(() => { const x = new XMLHttpRequest();
				x.open("GET", document.querySelector('a[href^=%q]').href, false); x.send(); return x.status })()`, thread+"/anlagen/"))
			if status != 200 {
				t.Errorf("attachment download: %d", status)
			}

			// Keyboard: Tab reaches the answer's text, file and button.
			form := fmt.Sprintf("antwort-%d", r.ID)
			pfCheck(t, chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS("#"+form+"-files"), []string{pdfPath})))
			browser.Eval[bool](t, ctx, `(() => { document.activeElement.blur(); document.getElementById("`+form+`-body").focus(); return true })()`)
			browser.Press(t, ctx, "Anbei die Meldebescheinigung.")
			seq := browsertest.TabSequence(t, ctx, 2)
			if seq[0].ID != form+"-files" || seq[1].Tag != "button" {
				t.Fatalf("Tab from the answer goes to %+v, want the file input and the send button", seq)
			}
			browser.Press(t, ctx, "\r")
			browser.WaitFor(t, ctx, `document.readyState === "complete" && location.search === "?gesendet=1"`)
			webtest.CheckPage(t, ctx, lang)
			if browser.Eval[int](t, ctx, `document.querySelectorAll("#reply-sent").length`) != 1 {
				t.Error("no confirmation after sending")
			}

			got, err := w.cases.Get(bg, w.staff, c.ID)
			pfCheck(t, err)
			if got.Status != casework.InReview {
				t.Errorf("case %s after the answer, want in_review", got.Status)
			}
			docs, err := akte.Documents(bg, w.db, c.ID)
			pfCheck(t, err)
			if !slices.ContainsFunc(docs, func(d akte.Document) bool {
				return d.Kind == akte.MessageIn && d.FileName == "Meldebescheinigung.pdf" && d.MediaType == "application/pdf"
			}) {
				t.Errorf("the uploaded PDF is not in the case file")
			}
			sv, err := w.mb.ForCase(bg, w.staff, c.ID)
			pfCheck(t, err)
			if sv.Messages[0].ReadAt.IsZero() || sv.RequestsRead[r.ID].IsZero() {
				t.Errorf("staff do not see the message and the request as read: %+v", sv)
			}

			// Someone else's account gets 404 for this thread.
			other := browsertest.Tab(t)
			w.login(t, other, base, w.account(t, account.KindCitizen, "Fremd"))
			browsertest.Navigate(t, other, base+"/postfach")
			code := browser.Eval[int](t, other, fmt.Sprintf(`(() => { const x = new XMLHttpRequest();
				x.open("GET", %q, false); x.send(); return x.status })()`, thread))
			if code != 404 {
				t.Errorf("another account gets %d for %s, want 404", code, thread)
			}
		})
	}
}
