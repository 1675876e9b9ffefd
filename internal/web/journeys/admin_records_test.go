package journeys_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

const recordsPlan = "kennzeichen;titel;uebergeordnet;aufbewahrung;aussonderungsart\n" +
	"32;Öffentliche Ordnung;;;\n32.10;Genehmigungen;32;P10Y;B\n32.10.05;Testgenehmigungen;32.10;P10Y;A\n"

// TestRecordsOfficePages runs the filing plan and the archive handover
// through the tenant admin pages, on both databases: a plan upload, a bad
// plan refused with every problem and nothing changed; then the whole
// xdomea conversation (0501 download → 0502 upload → 0503 download, valid
// against the schema → 0506 upload → the file deleted), with tenant B's
// admin seeing nothing of A's and changing nothing with A's ProzessID;
// the filled plan and conversation pages axe-clean in Chromium.
func TestRecordsOfficePages(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := boStart(t, d)
			a := isoSetup(t, w, "A", "", w.tenantA, 0)
			b := isoSetup(t, w, "B", hostB, w.tenantB, a.authority)
			tab := browsertest.Tab(t)
			_, err := chromedp.Call(tab, network.SetCookie, network.SetCookieParams{Name: account.SessionCookie(false).Name,
				Value: a.admin, URL: w.base + "/", Path: "/"})
			boCheck(t, err)
			recordsPlanUpload(t, w, a, b)
			recordsAxe(t, w, tab, "/verwaltung/mandant/aktenplan", "Testgenehmigungen")
			recordsConversation(t, w, tab, a, b)
		})
	}
}

// recordsPlanUpload: A's plan is imported and listed as a tree for A only;
// a bad plan lists every problem by line and leaves A's plan as it was.
func recordsPlanUpload(t *testing.T, w *boWorld, a, b isoTenant) {
	resp, _ := recordsUpload(t, w, "/verwaltung/mandant/aktenplan", a, "plan", "plan.csv", []byte(recordsPlan))
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "einheiten=3") {
		t.Fatalf("plan upload: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, _, body := w.do(t, http.MethodGet, "/verwaltung/mandant/aktenplan?einheiten=3", a.admin, a.host, "")
	for _, want := range []string{"plan-imported", "32.10.05", "Testgenehmigungen", "archivieren (A)", "bewerten (B)", "<code>P10Y</code>"} {
		if !strings.Contains(body, want) {
			t.Errorf("A's filing plan page lacks %q", want)
		}
	}
	if _, _, body := w.do(t, http.MethodGet, "/verwaltung/mandant/aktenplan", b.admin, b.host, ""); strings.Contains(body, "Testgenehmigungen") ||
		!strings.Contains(body, "filing-plan-empty") {
		t.Error("B's admin sees A's filing plan, or no empty state")
	}
	bad := "kennzeichen;titel;uebergeordnet;aufbewahrung;aussonderungsart\n32;;;;X\n33.1;Fehlt;33;zehn Jahre;A\n"
	resp, body = recordsUpload(t, w, "/verwaltung/mandant/aktenplan", a, "plan", "falsch.csv", []byte(bad))
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad plan: %d", resp.StatusCode)
	}
	for _, want := range []string{"falsch.csv", "line 2 (32): titel is empty", "aussonderungsart &#34;X&#34;", "line 3 (33.1): aufbewahrung",
		"parent &#34;33&#34; is not in the plan", `aria-invalid="true"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the refusal lacks %q", want)
		}
	}
	resp, body = recordsUpload(t, w, "/verwaltung/mandant/aktenplan", a, "other", "", nil)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Bitte wählen Sie eine Datei") {
		t.Errorf("no file: %d", resp.StatusCode)
	}
	units, err := akte.Plan(context.Background(), w.db, w.tenantA)
	boCheck(t, err)
	if len(units) != 3 {
		t.Errorf("after refused uploads A's plan has %d units, want 3", len(units))
	}
}

// recordsConversation walks the archive conversation of A's case file
// through the pages, with B's admin trying each step on A's data.
func recordsConversation(t *testing.T, w *boWorld, tab context.Context, a, b isoTenant) {
	ctx := context.Background()
	_, err := w.db.ExecContext(ctx, `UPDATE akte_file SET closed_at = $1, delete_after = $2, disposal = 'A', plan_unit = '32.10.05'
		WHERE case_id = $3`, time.Now().AddDate(-11, 0, 0), time.Now().AddDate(0, 0, -1), a.c.ID)
	boCheck(t, err)
	file, err := akte.Get(ctx, w.db, w.tenantA, a.c.ID)
	boCheck(t, err)
	_, _, body := w.do(t, http.MethodGet, "/verwaltung/mandant/aussonderung", a.admin, a.host, "")
	if !strings.Contains(body, a.c.Reference) || !strings.Contains(body, "disposal-due") {
		t.Fatalf("A's due files lack %s", a.c.Reference)
	}
	if _, _, body := w.do(t, http.MethodGet, "/verwaltung/mandant/aussonderung", b.admin, b.host, ""); strings.Contains(body, a.c.Reference) {
		t.Error("B's admin sees A's due file")
	}
	recordsAxe(t, w, tab, "/verwaltung/mandant/aussonderung", a.c.Reference)
	if status, loc, _ := w.do(t, http.MethodPost, "/verwaltung/mandant/aussonderung/angebot", b.admin, b.host, ""); status != http.StatusSeeOther ||
		!strings.Contains(loc, "nichts-faellig") {
		t.Errorf("B's offer: %d %s", status, loc)
	}
	recordsWantState(t, w, "", "B's offer")

	offer := recordsDownload(t, w, "/verwaltung/mandant/aussonderung/angebot", a, "")
	pid := recordsMessage(t, offer, "Aussonderung.Anbieteverzeichnis.0501", file.GUID)
	recordsWantState(t, w, akte.StateOffered, "the offer")
	if _, _, body := w.do(t, http.MethodGet, "/verwaltung/mandant/aussonderung", a.admin, a.host, ""); !strings.Contains(body, pid) ||
		!strings.Contains(body, "angeboten, Bewertung ausstehend") {
		t.Error("A's page does not show the file offered with its ProzessID")
	}

	badReply := recordsFromArchive(t, "0502", pid, file.GUID, "B")
	resp, body := recordsUpload(t, w, "/verwaltung/mandant/aussonderung/antwort", a, "message", "0502.zip", badReply)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "BewertetesObjekt[1]/Aussonderungsart") {
		t.Errorf("a bad 0502: %d, problems shown: %v", resp.StatusCode, strings.Contains(body, "BewertetesObjekt[1]"))
	}
	reply := recordsFromArchive(t, "0502", pid, file.GUID, "A")
	if resp, _ := recordsUpload(t, w, "/verwaltung/mandant/aussonderung/antwort", b, "message", "0502.zip", reply); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("B's upload of A's 0502: %d", resp.StatusCode)
	}
	recordsWantState(t, w, akte.StateOffered, "refused 0502s")
	resp, body = recordsUpload(t, w, "/verwaltung/mandant/aussonderung/antwort", a, "message", "0502.zip", reply)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "reply-applied") || !strings.Contains(body, "receipt-download") {
		t.Fatalf("A's 0502: %d", resp.StatusCode)
	}
	recordsWantState(t, w, akte.StateArchive, "the 0502")
	recordsAxe(t, w, tab, "/verwaltung/mandant/aussonderung", pid) // the conversation's table and the handover button

	form := url.Values{"prozess": {pid}}.Encode()
	if status, loc, _ := w.do(t, http.MethodPost, "/verwaltung/mandant/aussonderung/uebergabe", b.admin, b.host, form); status != http.StatusSeeOther ||
		!strings.Contains(loc, "nichts-zu-senden") {
		t.Errorf("B's handover of A's ProzessID: %d %s", status, loc)
	}
	recordsWantState(t, w, akte.StateArchive, "B's handover")
	pkg := recordsDownload(t, w, "/verwaltung/mandant/aussonderung/uebergabe", a, form)
	recordsMessage(t, pkg, "Aussonderung.Aussonderung.0503", file.GUID)
	recordsWantState(t, w, akte.StateSent, "the 0503")

	confirm := recordsFromArchive(t, "0506", pid, file.GUID, "1")
	if resp, _ := recordsUpload(t, w, "/verwaltung/mandant/aussonderung/antwort", b, "message", "0506.zip", confirm); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("B's upload of A's 0506: %d", resp.StatusCode)
	}
	recordsWantState(t, w, akte.StateSent, "B's 0506")
	resp, body = recordsUpload(t, w, "/verwaltung/mandant/aussonderung/antwort", a, "message", "0506.zip", confirm)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, a.c.Reference) {
		t.Fatalf("A's 0506: %d", resp.StatusCode)
	}
	if _, err := akte.Get(ctx, w.db, w.tenantA, a.c.ID); !fault.Is(err, fault.NotFound) {
		t.Errorf("the confirmed file is still there: %v", err)
	}
	recordsWantSteps(t, w, a)
}

// recordsWantState checks the state of A's one file in the conversation
// ("" for none) and that B has none.
func recordsWantState(t *testing.T, w *boWorld, want, after string) {
	t.Helper()
	ctx := context.Background()
	got := ""
	list, err := akte.Disposals(ctx, w.db, w.tenantA)
	boCheck(t, err)
	for _, d := range list {
		got = d.State
	}
	other, err := akte.Disposals(ctx, w.db, w.tenantB)
	boCheck(t, err)
	if got != want || len(list) > 1 || len(other) != 0 {
		t.Fatalf("after %s: A's file is %q (want %q), %d in B's conversation", after, got, want, len(other))
	}
}

// recordsWantSteps checks the audit of A's file: each step once, by A's admin.
func recordsWantSteps(t *testing.T, w *boWorld, a isoTenant) {
	t.Helper()
	entries, err := audit.ForObject(context.Background(), w.db, int64(w.tenantA), "case", strconv.FormatInt(a.c.ID, 10))
	boCheck(t, err)
	var got []string
	for _, e := range entries {
		if strings.HasPrefix(e.Action, "akte.archive_") {
			got = append(got, e.Action)
			if !strings.HasPrefix(e.Actor, "staff:") {
				t.Errorf("%s by %q, want the admin", e.Action, e.Actor)
			}
		}
	}
	want := "akte.archive_offer akte.archive_appraisal akte.archive_send akte.archive_confirmed akte.archive_delete"
	if strings.Join(got, " ") != want {
		t.Errorf("audit steps %v, want %s", got, want)
	}
}

// recordsUpload posts one file as multipart form data (no file when name
// is "") as it's admin, on it's host.
func recordsUpload(t *testing.T, w *boWorld, path string, it isoTenant, field, name string, b []byte) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if name != "" {
		fw, err := mw.CreateFormFile(field, name)
		boCheck(t, err)
		fw.Write(b)
	} else {
		boCheck(t, mw.WriteField(field, "x"))
	}
	boCheck(t, mw.Close())
	resp, body := recordsPost(t, w, path, it, mw.FormDataContentType(), &buf)
	return resp, string(body)
}

func recordsPost(t *testing.T, w *boWorld, path string, it isoTenant, ctype string, body io.Reader) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, w.base+path, body)
	boCheck(t, err)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Origin", w.base)
	if it.host != "" {
		req.Host = it.host
		req.Header.Set("Origin", "http://"+it.host)
	}
	req.AddCookie(&http.Cookie{Name: account.SessionCookie(false).Name, Value: it.admin})
	resp, err := boClient().Do(req)
	boCheck(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	boCheck(t, err)
	webtest.CheckNoStore(t, req, resp, true)
	return resp, b
}

// recordsDownload posts a step that answers with a zip and checks it is
// an attachment no cache keeps.
func recordsDownload(t *testing.T, w *boWorld, path string, it isoTenant, form string) []byte {
	t.Helper()
	resp, b := recordsPost(t, w, path, it, "application/x-www-form-urlencoded", strings.NewReader(form))
	cd := resp.Header.Get("Content-Disposition")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, ".zip") ||
		resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("POST %s: %d, %q, Cache-Control %q", path, resp.StatusCode, cd, resp.Header.Get("Cache-Control"))
	}
	return b
}

// recordsAxe opens a page in Chromium as A's admin: axe-clean, showing want.
func recordsAxe(t *testing.T, w *boWorld, tab context.Context, path, want string) {
	t.Helper()
	browser.Navigate(t, tab, w.base+path)
	webtest.CheckStaffPage(t, tab, want)
}
