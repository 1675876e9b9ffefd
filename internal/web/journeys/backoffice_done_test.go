package journeys_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp/kb"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/demo"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestBackofficeDone is issue 14's "done when" as one journey in real
// Chromium, on both databases, in the app started in demo mode with its
// twelve weeks of history: the demo case worker logs in from the login
// page's demo list, reaches the inbox from the header and finds at least
// 2,000 cases with correct signals (overdue and due-soon cases marked,
// a fresh case not "due soon"); a registered citizen applies for
// "Wohnsitz anmelden" with a Dresden address, which lands at the case
// worker's office; the case worker claims it and requests a document;
// the citizen answers in the mailbox with an upload; the inbox marks the
// case unread until it is opened; the case worker drafts a rejection,
// whose send is refused while a placeholder is left, completes the text;
// the head of unit (demo list) co-signs; the case worker sends after the
// confirmation page and the citizen finds the notice, a PDF naming the
// case, in the mailbox. Every page is axe-clean. The staff part runs a
// second time with the keyboard only (Tab, Enter, Space, arrows, typing)
// on a second application, with the focus visible on every element
// reached.
func TestBackofficeDone(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext is required (apt-get install poppler-utils)")
	}
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			j := doneStart(t, d)
			j.inboxOfOffice(t)
			j.run(t, "mouse", false)
			j.run(t, "keyboard", true)
			j.filesSealed(t)
		})
	}
}

// doneJourney is the demo app with history, its SMTP server, a database
// handle for waiting on the submission job, and the registered citizen's
// tab.
type doneJourney struct {
	base   string
	db     *store.DB
	tenant tenant.ID
	office int64 // the demo case worker's authority
	cit    context.Context
	worker demo.StaffAccount
	head   demo.StaffAccount
	dir    string // the app's data directory
}

func doneStart(t *testing.T, d store.Dialect) *doneJourney {
	t.Helper()
	mb := startMailbox(t)
	dsn := storetest.DSN(t, d)
	dir := t.TempDir()
	started := time.Now()
	base := browsertest.Start(t, browsertest.WithDatabaseURL(dsn), browsertest.WithConfig(func(c *config.Config) {
		mb.Configure(c)
		c.DataDir, c.Demo, c.DemoHistory = dir, true, true
	}))
	t.Logf("demo app with history started in %s", time.Since(started).Round(time.Millisecond))
	db, err := store.Open(t.Context(), dsn)
	webtest.Check(t, err)
	t.Cleanup(func() { db.Close() })
	tn, err := tenant.BySlug(t.Context(), db, demo.TenantSlug)
	webtest.Check(t, err)
	j := &doneJourney{base: base, db: db, tenant: tn.ID, dir: dir,
		worker: webtest.DemoStaff(t, demo.TenantSlug, account.RoleCaseWorker),
		head:   webtest.DemoStaff(t, demo.TenantSlug, account.RoleHeadOfUnit)}
	j.office, err = demo.StaffAuthority(t.Context(), db, tn.ID, j.worker)
	webtest.Check(t, err)
	j.cit = webtest.ApplyTab(t, i18n.German, true)
	signUp(t, j.cit, mb, base, i18n.German, fmt.Sprintf("erika.done.%d@example.de", time.Now().UnixNano()))
	return j
}

// inboxOfOffice: the demo case worker's inbox holds the history — at
// least 2,000 cases in its counts — and its signal filters find overdue
// and due-soon cases, each row marked with the badge in words.
func (j *doneJourney) inboxOfOffice(t *testing.T) {
	tab := j.demoLogin(t, j.worker, false)
	total := 0
	for _, n := range strings.Fields(browser.Eval[string](t, tab, `[...document.querySelectorAll(".amtsweg-inbox-counts__n")].map(e => e.textContent.replace(/\D/g, "")).join(" ")`)) {
		k, err := strconv.Atoi(n)
		webtest.Check(t, err)
		total += k
	}
	if total < 2000 {
		t.Errorf("the demo case worker's inbox counts %d cases, want at least 2,000 seeded", total)
	}
	for signal, badge := range map[string]string{"overdue": "Frist überschritten", "due_soon": "Frist läuft bald ab"} {
		browsertest.Navigate(t, tab, j.base+"/verwaltung?ansicht=1&signal="+signal)
		webtest.CheckStaffPage(t, tab, badge)
		n := browser.Eval[int](t, tab, `document.querySelectorAll("table tbody tr").length`)
		marked := browser.Eval[int](t, tab, fmt.Sprintf(`[...document.querySelectorAll("table tbody tr")].filter(r => r.innerText.includes(%q)).length`, badge))
		if n == 0 || marked != n {
			t.Errorf("signal %s: %d rows, %d marked %q", signal, n, marked, badge)
		}
	}
	browsertest.Navigate(t, tab, j.base+"/verwaltung?zuruecksetzen=1")
	webtest.CheckStaffPage(t, tab, "Posteingang")
}

// run walks the journey once; kbd drives the staff pages with the
// keyboard only.
func (j *doneJourney) run(t *testing.T, name string, kbd bool) {
	t.Run(name, func(t *testing.T) {
		started := time.Now()
		appID, ref := j.apply(t)
		j.waitRouted(t, ref)
		tab := j.demoLogin(t, j.worker, kbd)
		j.openFromInbox(t, tab, ref, kbd, "")
		j.claimAndRequest(t, tab, kbd)
		j.citizenAnswers(t, appID)
		j.openFromInbox(t, tab, ref, kbd, "unread")
		j.openFromInbox(t, tab, ref, kbd, "") // opened, no longer unread
		j.draftRefused(t, tab, ref, kbd)
		j.coSign(t, ref, kbd)
		j.send(t, tab, ref, kbd)
		j.citizenFindsNotice(t, appID, ref)
		t.Logf("%s run: %s", name, time.Since(started).Round(time.Millisecond))
	})
}

// apply submits "Wohnsitz anmelden" (a Dresden address) in the
// citizen's tab and returns the application's id and the reference.
func (j *doneJourney) apply(t *testing.T) (int64, string) {
	t.Helper()
	ref := webtest.WohnsitzAlone(t, j.cit, j.base, i18n.German, "Erika", "Mustermann", time.Date(1985, 4, 12, 0, 0, 0, 0, time.UTC))
	id, err := strconv.ParseInt(strings.Split(here(t, j.cit), "/")[2], 10, 64)
	webtest.Check(t, err)
	return id, ref
}

// waitRouted waits until the app's submission job made the case and
// checks it reached the demo case worker's office.
func (j *doneJourney) waitRouted(t *testing.T, ref string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		var authority int64
		err := j.db.QueryRowContext(t.Context(), `SELECT authority_id FROM case_record WHERE tenant_id = $1 AND reference = $2`, j.tenant, ref).Scan(&authority)
		if err == nil {
			if authority != j.office {
				t.Fatalf("%s went to authority %d, not to the demo case worker's office %d", ref, authority, j.office)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no case for %s after 30s: %v", ref, err)
		}
	}
}

// demoLogin opens the login page in a new browser context, logs in as
// who from the demo list (no second factor in demo mode), goes to a
// citizen page and from there to the inbox by the header's link.
func (j *doneJourney) demoLogin(t *testing.T, who demo.StaffAccount, kbd bool) context.Context {
	t.Helper()
	tab := webtest.ApplyTab(t, i18n.German, true)
	browsertest.Navigate(t, tab, j.base+"/anmelden")
	webtest.CheckStaffPage(t, tab, who.Email)
	label := "Als " + who.Name + " anmelden"
	if kbd {
		webtest.TabTo(t, tab, label, func(f browser.Focused) bool { return f.Tag == "button" && f.Text == label })
		webtest.Enter(t, tab)
		browser.WaitFor(t, tab, `document.readyState === "complete" && location.pathname !== "/anmelden"`)
	} else {
		webtest.ClickAndWait(t, tab, fmt.Sprintf(`[...document.querySelectorAll("#demo-logins button")].find(b => b.innerText.trim() === %q).click()`, label),
			`location.pathname !== "/anmelden"`)
	}
	if p := here(t, tab); p != "/verwaltung" {
		t.Fatalf("%s landed on %s after the demo login, want the inbox", who.Name, p)
	}
	browsertest.Navigate(t, tab, j.base+"/")
	webtest.CheckStaffPage(t, tab, "Verwaltung")
	if kbd {
		webtest.TabTo(t, tab, "the header's back-office link", func(f browser.Focused) bool { return f.Tag == "a" && f.Href == "/verwaltung" })
		webtest.Enter(t, tab)
		browser.WaitFor(t, tab, `document.readyState === "complete" && location.pathname === "/verwaltung"`)
	} else {
		webtest.ClickAndWait(t, tab, `document.querySelector("header a.amtsweg-backoffice-link").click()`, `location.pathname === "/verwaltung"`)
	}
	webtest.CheckStaffPage(t, tab, "Demo")
	return tab
}

// inboxRow searches the inbox for ref and checks its row's badges: want
// ("" for none of unread) must be there; a fresh case is never "due soon".
func (j *doneJourney) inboxRow(t *testing.T, tab context.Context, ref, want string) {
	t.Helper()
	browsertest.Navigate(t, tab, j.base+"/verwaltung?ansicht=1&q="+ref)
	webtest.CheckStaffPage(t, tab, ref)
	row := browser.Eval[string](t, tab, fmt.Sprintf(`(() => { const a = document.querySelector('table a[href="/verwaltung/vorgaenge/%s"]');
		if (!a) return "none"; const r = a.closest("tr"); return (r.classList.contains("amtsweg-inbox-unread") ? "UNREAD " : "") + r.innerText })()`, ref))
	if row == "none" {
		t.Fatalf("the inbox search for %s shows no row", ref)
	}
	if strings.Contains(row, "Frist läuft bald ab") {
		t.Errorf("the fresh case %s is marked due soon: %q", ref, row)
	}
	unread := strings.HasPrefix(row, "UNREAD ") && strings.Contains(row, "Ungelesen")
	if unread != (want == "unread") {
		t.Errorf("%s unread %v, want %q: %q", ref, unread, want, row)
	}
}

// openFromInbox checks the case's row (want as for inboxRow) and opens
// the case from it.
func (j *doneJourney) openFromInbox(t *testing.T, tab context.Context, ref string, kbd bool, want string) {
	t.Helper()
	j.inboxRow(t, tab, ref, want)
	href := "/verwaltung/vorgaenge/" + ref
	if kbd {
		webtest.TabTo(t, tab, "the case link", func(f browser.Focused) bool { return f.Tag == "a" && f.Href == href })
		webtest.Enter(t, tab)
		browser.WaitFor(t, tab, `document.readyState === "complete" && !!document.getElementById("summary")`)
	} else {
		webtest.Click(t, tab, fmt.Sprintf(`table a[href=%q]`, href), `document.readyState === "complete" && !!document.getElementById("summary")`)
	}
	webtest.CheckStaffPage(t, tab, ref)
}

// claimAndRequest claims the open case and requests a document due in
// two weeks.
func (j *doneJourney) claimAndRequest(t *testing.T, tab context.Context, kbd bool) {
	t.Helper()
	due := time.Now().AddDate(0, 0, 14)
	if kbd {
		webtest.PressButton(t, tab, "Vorgang übernehmen", `!!document.getElementById("action-done")`)
		webtest.CheckStaffPage(t, tab, j.worker.Name)
		webtest.TypeFields(t, tab, [][2]string{{"request-subject", "Wohnungsgeberbestätigung"},
			{"request-body", "Bitte laden Sie die unterschriebene Wohnungsgeberbestätigung hoch."}})
		webtest.TypeInto(t, tab, "request-due", webtest.LocaleDateKeys(t, tab, due))
		if v := browser.Eval[string](t, tab, `document.getElementById("request-due").value`); v != due.Format(time.DateOnly) {
			t.Fatalf("typed due date reads %q, want %s", v, due.Format(time.DateOnly))
		}
		webtest.PressButton(t, tab, "Nachforderung senden", `location.search.includes("erledigt=request")`)
	} else {
		webtest.Click(t, tab, `#claim`, `document.readyState === "complete" && !!document.getElementById("action-done")`)
		webtest.CheckStaffPage(t, tab, j.worker.Name)
		browser.Eval[bool](t, tab, fmt.Sprintf(`(() => { document.getElementById("request-subject").value = "Wohnungsgeberbestätigung";
			document.getElementById("request-body").value = "Bitte laden Sie die unterschriebene Wohnungsgeberbestätigung hoch.";
			document.getElementById("request-due").value = %q; return true })()`, due.Format(time.DateOnly)))
		webtest.Click(t, tab, `#request-send`, `document.readyState === "complete" && (location.search.includes("erledigt=request") || !!document.getElementById("action-errors"))`)
	}
	webtest.CheckStaffPage(t, tab, "Wartet auf Antragsteller")
}

// citizenAnswers: the citizen opens the application's mailbox and
// answers the request with a PDF.
func (j *doneJourney) citizenAnswers(t *testing.T, appID int64) {
	t.Helper()
	browsertest.Navigate(t, j.cit, fmt.Sprintf("%s/postfach/%d", j.base, appID))
	webtest.ApplyCheck(t, j.cit, i18n.German)
	form := `document.querySelector('main input[name="request"]').form`
	browser.Eval[bool](t, j.cit, `(() => { `+form+`.querySelector("textarea[name=body]").value = "Anbei die Bestätigung."; return true })()`)
	webtest.ApplyUpload(t, j.cit, browser.Eval[string](t, j.cit, form+`.querySelector("input[type=file]").id`), webtest.WritePDF(t, "Wohnungsgeber.pdf"))
	webtest.ApplyGo(t, j.cit, form+`.querySelector("button[type=submit]").click()`, `location.search.includes("gesendet=1") || !!document.querySelector('[id$="-errors"]')`)
	webtest.ApplyCheck(t, j.cit, i18n.German)
	if !browser.Eval[bool](t, j.cit, `!!document.getElementById("reply-sent")`) {
		t.Fatalf("the answer was not sent: %s", browser.Eval[string](t, j.cit, `document.querySelector("main").innerText`))
	}
}

// draftRefused drafts a rejection from the template; its send is refused
// while the placeholder for the reasons is left (the confirmation page
// and a direct POST); the case worker replaces it and saves.
func (j *doneJourney) draftRefused(t *testing.T, tab context.Context, ref string, kbd bool) {
	t.Helper()
	if kbd {
		webtest.TabTo(t, tab, "the first outcome", webtest.ByID("outcome-approved"))
		browser.Press(t, tab, kb.ArrowDown)
		browser.Press(t, tab, kb.ArrowDown)
		if !browser.Eval[bool](t, tab, `document.getElementById("outcome-rejected").checked`) {
			t.Fatal("the arrow keys did not choose the rejection")
		}
		webtest.PressButton(t, tab, "Bescheid aus Vorlage entwerfen", `location.search.includes("erledigt=draft")`)
	} else {
		webtest.Click(t, tab, `#outcome-rejected`, `document.getElementById("outcome-rejected").checked`)
		webtest.Click(t, tab, `#notice-draft`, `document.readyState === "complete" && location.search.includes("erledigt=draft")`)
	}
	webtest.CheckStaffPage(t, tab, "Noch zu ergänzen")
	body := browser.Eval[string](t, tab, `document.getElementById("notice-body").value`)
	// The form asks no form of address: the salutation is the neutral
	// one with the applicant's name, never "Sehr geehrte(r)".
	if !strings.HasPrefix(body, "Guten Tag Erika Mustermann,") || strings.Contains(body, "Sehr geehrte(r)") || !strings.Contains(body, "[") {
		t.Errorf("the drafted rejection starts %q", body[:min(len(body), 80)])
	}

	// Refused while a placeholder is left: no send button on the
	// confirmation page, and a direct POST from the tab gets 422.
	action := browser.Eval[string](t, tab, `document.querySelector("form[action*='/bescheide/']").getAttribute("action")`)
	browsertest.Navigate(t, tab, j.base+action+"/versenden")
	webtest.CheckStaffPage(t, tab, "enthält noch den Platzhalter")
	if browser.Eval[bool](t, tab, `!!document.getElementById("send-confirm")`) {
		t.Error("the confirmation offers to send a notice with a placeholder")
	}
	f, page := webtest.ApplyFetch(t, tab, "POST", action+"/versenden", "ack_open_requests=1")
	if f.Status != 422 || !strings.Contains(string(page), "enthält noch den Platzhalter") {
		t.Fatalf("a direct send with a placeholder: %d", f.Status)
	}

	// Complete every bracketed part and save.
	browsertest.Navigate(t, tab, j.base+"/verwaltung/vorgaenge/"+ref)
	const reasons = "Die Wohnung ist nach dem Melderegister bereits bewohnt."
	if kbd {
		webtest.TabTo(t, tab, "the notice text", webtest.ByID("notice-body"))
		for browser.Eval[bool](t, tab, `document.getElementById("notice-body").value.includes("[")`) {
			browser.Eval[bool](t, tab, `(() => { const b = document.getElementById("notice-body"); const i = b.value.indexOf("[");
				b.setSelectionRange(i, b.value.indexOf("]", i) + 1); return true })()`)
			browser.Press(t, tab, reasons)
		}
		webtest.PressButton(t, tab, "Bescheid speichern", `location.search.includes("erledigt=edit")`)
	} else {
		browser.Eval[bool](t, tab, fmt.Sprintf(`(() => { const b = document.getElementById("notice-body"); b.value = b.value.replace(/\[[^\]]*\]/g, %q); return true })()`, reasons))
		webtest.Click(t, tab, `form[action*="/bescheide/"] button[type=submit]`, `document.readyState === "complete" && location.search.includes("erledigt=edit")`)
	}
	webtest.CheckStaffPage(t, tab, "Eine zweite Person muss den Bescheid mitzeichnen")
	if browser.Eval[bool](t, tab, `!!document.getElementById("notice-placeholders") || !!document.getElementById("notice-send")`) {
		t.Fatal("after completing: placeholders listed or sending offered before the co-signature")
	}
}

// coSign: the head of unit logs in from the demo list and co-signs.
func (j *doneJourney) coSign(t *testing.T, ref string, kbd bool) {
	t.Helper()
	tab := j.demoLogin(t, j.head, kbd)
	j.openFromInbox(t, tab, ref, kbd, "")
	if kbd {
		webtest.PressButton(t, tab, "Bescheid mitzeichnen", `location.search.includes("erledigt=approve")`)
	} else {
		webtest.Click(t, tab, `#notice-approve`, `document.readyState === "complete" && location.search.includes("erledigt=approve")`)
	}
	webtest.CheckStaffPage(t, tab, "Bescheid mitgezeichnet")
}

// send opens the confirmation, which names what happens, acknowledges an
// open request if it lists one, and sends: the case is decided.
func (j *doneJourney) send(t *testing.T, tab context.Context, ref string, kbd bool) {
	t.Helper()
	browsertest.Navigate(t, tab, j.base+"/verwaltung/vorgaenge/"+ref)
	if kbd {
		webtest.Press(t, tab, "notice-send", kb.Enter)
		browser.WaitFor(t, tab, `document.readyState === "complete" && !!document.getElementById("send-confirm")`)
	} else {
		webtest.Click(t, tab, `#notice-send`, `document.readyState === "complete" && !!document.getElementById("send-confirm")`)
	}
	webtest.CheckStaffPage(t, tab, "Was beim Versenden geschieht")
	text := browser.Eval[string](t, tab, `document.querySelector("main").innerText`)
	for _, want := range []string{"Postfach", "Abgelehnt", "Die Wohnung ist nach dem Melderegister bereits bewohnt."} {
		if !strings.Contains(text, want) {
			t.Errorf("the confirmation lacks %q", want)
		}
	}
	if browser.Eval[bool](t, tab, `!!document.getElementById("ack-open-requests")`) {
		if kbd {
			webtest.Press(t, tab, "ack-open-requests", " ")
		} else {
			webtest.Click(t, tab, `#ack-open-requests`, `document.getElementById("ack-open-requests").checked`)
		}
	}
	if kbd {
		webtest.PressButton(t, tab, "Bescheid jetzt versiegeln und versenden", `location.search.includes("erledigt=send")`)
	} else {
		webtest.Click(t, tab, `#send-confirm`, `document.readyState === "complete" && location.search.includes("erledigt=send")`)
	}
	webtest.CheckStaffPage(t, tab, "Entschieden")
}

// citizenFindsNotice: the mailbox offers the notice; its PDF names the
// case and has no placeholder left.
func (j *doneJourney) citizenFindsNotice(t *testing.T, appID int64, ref string) {
	t.Helper()
	browsertest.Navigate(t, j.cit, fmt.Sprintf("%s/postfach/%d", j.base, appID))
	webtest.ApplyCheck(t, j.cit, i18n.German)
	href := browser.Eval[string](t, j.cit, `(() => { const a = document.querySelector('main a[href*="/bescheide/"]'); return a ? a.getAttribute("href") : "" })()`)
	if href == "" {
		t.Fatalf("the mailbox offers no notice: %s", browser.Eval[string](t, j.cit, `document.querySelector("main").innerText`))
	}
	f, pdf := webtest.ApplyFetch(t, j.cit, "GET", href, "")
	if f.Status != 200 || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("the notice from the mailbox: %d", f.Status)
	}
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	webtest.Check(t, err)
	flat := strings.Join(strings.Fields(string(out)), " ")
	if !strings.Contains(flat, ref) || !strings.Contains(flat, "Die Wohnung ist nach dem Melderegister bereits bewohnt.") || strings.Contains(flat, "[") {
		t.Errorf("the notice PDF:\n%s", flat)
	}
}

// filesSealed: after the journeys' uploads, receipts and notices, every
// file in the app's blob directory is sealed (encryption at rest): none
// holds a PDF signature or the citizen's data in clear, and each starts
// with the sealed header.
func (j *doneJourney) filesSealed(t *testing.T) {
	n := 0
	err := filepath.WalkDir(filepath.Join(j.dir, "blobs"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Base(filepath.Dir(p)) == "tmp" {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		if bytes.Contains(b, []byte("%PDF-")) || bytes.Contains(b, []byte("Erika")) || !bytes.HasPrefix(b, []byte(blob.Magic)) {
			t.Errorf("stored file %s is not sealed (%d bytes, starts %q)", p, len(b), b[:min(len(b), 12)])
		}
		return nil
	})
	webtest.Check(t, err)
	if n < 4 {
		t.Fatalf("only %d stored files after two journeys with uploads, receipts and notices", n)
	}
	t.Logf("%d stored files, all sealed", n)
}
