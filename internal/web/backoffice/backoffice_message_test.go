package backoffice_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestBackofficeMessageFiles: staff attach files to a message from the
// case page; they are checked like the citizen's uploads (name cleaned,
// type sniffed from the content, body limit) and the citizen downloads
// them from the mailbox. A refused file or a body over the limit shows
// the case page again with the text kept and sends nothing. The history
// names staff and API clients. On both databases.
func TestBackofficeMessageFiles(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := webtest.Start(t, d)
			c, owner := w.Submit(t, w.TenantA, apply.GuestOwner(w.TenantA, ""), "Erika Mustermann")
			secret, err := w.Mailbox.GuestLink(context.Background(), c.ApplicationID, owner, "", "")
			webtest.Check(t, err)
			staff := w.Principal(t, w.TenantA, "")
			token := w.Session(t, staff.AccountID)
			path := "/verwaltung/vorgaenge/" + c.Reference + "/nachrichten"
			merkblatt := "%PDF-1.7\n% Merkblatt zur Anmeldung\n%%EOF\n"

			// A good file, its name with a bidi control and leading dots.
			st, loc, _ := postFiles(t, w, path, token, "Merkblatt", "Bitte lesen Sie das Merkblatt.",
				map[string]io.Reader{"..\u202eMerkblatt.pdf": strings.NewReader(merkblatt)})
			if st != http.StatusSeeOther || !strings.Contains(loc, "erledigt=message") {
				t.Fatalf("message with a file: %d %q", st, loc)
			}
			_, _, page := w.Do(t, http.MethodGet, "/postfach/gast/"+secret, "", "", "")
			href := regexp.MustCompile(`href="(/postfach/gast/[^"]+/anlagen/[^"]+)">Merkblatt\.pdf<`).FindStringSubmatch(page)
			if href == nil {
				t.Fatalf("the mailbox does not list Merkblatt.pdf:\n%s", page)
			}
			if st, _, body := w.Do(t, http.MethodGet, html.UnescapeString(href[1]), "", "", ""); st != 200 || body != merkblatt {
				t.Errorf("citizen download of the attachment: %d %q", st, body)
			}
			if st, _, body := w.Do(t, http.MethodGet, "/verwaltung/vorgaenge/"+c.Reference, token, "", ""); st != 200 ||
				!strings.Contains(body, "Merkblatt.pdf") {
				t.Errorf("the case page does not list the sent file: %d", st)
			}

			// A program named .pdf: refused, the text kept, nothing sent.
			st, _, body := postFiles(t, w, path, token, "Zweiter Versuch", "Text bleibt erhalten.",
				map[string]io.Reader{"formular.pdf": strings.NewReader("MZ\x90\x00\x03\x00\x00\x00 not a pdf")})
			if st != http.StatusUnprocessableEntity || !strings.Contains(body, "Dieser Dateityp wird nicht angenommen.") ||
				!strings.Contains(body, `value="Zweiter Versuch"`) || !strings.Contains(body, "Text bleibt erhalten.</textarea>") {
				t.Errorf("refused file: %d, page misses the error or the kept text", st)
			}
			// More than the limit (5 files of 10 MiB and slack): refused
			// while streaming, the text kept.
			big := io.MultiReader(strings.NewReader("%PDF-1.7\n"), io.LimitReader(zeros{}, 52<<20))
			st, _, body = postFiles(t, w, path, token, "Zu groß", "Auch dieser Text bleibt.", map[string]io.Reader{"gross.pdf": big})
			if st != http.StatusUnprocessableEntity || !strings.Contains(body, "Die Datei ist zu groß.") ||
				!strings.Contains(body, "Auch dieser Text bleibt.</textarea>") {
				t.Errorf("body over the limit: %d", st)
			}
			var n int
			webtest.Check(t, w.DB.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM mailbox_message WHERE application_id = $1`,
				c.ApplicationID).Scan(&n))
			if n != 1 {
				t.Errorf("%d messages stored, want only the first", n)
			}
			checkActorNames(t, w, token, c.ID, c.Reference, staff.Name)
		})
	}
}

// checkActorNames: the history names the staff member who acted, an API
// client as "API-Client <name>", a deleted account by number.
func checkActorNames(t *testing.T, w *webtest.World, token string, caseID int64, ref, staffName string) {
	t.Helper()
	ctx := context.Background()
	if st, _, _ := w.Do(t, http.MethodPost, "/verwaltung/vorgaenge/"+ref+"/vermerke", token, "", "body=Merkblatt+versandt"); st != http.StatusSeeOther {
		t.Fatalf("note: %d", st)
	}
	gone := w.Staff(t, w.TenantA, "Gelöschte Person", account.StaffRole{Role: account.RoleTenantAdmin})
	_, err := w.DB.ExecContext(ctx, `UPDATE account SET state = 'deleted', name = '' WHERE id = $1`, gone)
	webtest.Check(t, err)
	var client int64
	webtest.Check(t, w.DB.Writer().QueryRowContext(ctx, `INSERT INTO api_client (tenant_id, name, client_id, secret_hash, scopes,
		rate_per_min, created_at) VALUES ($1, 'Meldewesen', $2, 'x', 'submissions:read', 60, $3) RETURNING id`,
		w.TenantA, fmt.Sprintf("mw-%d", time.Now().UnixNano()), time.Now().UTC()).Scan(&client))
	_, err = w.DB.ExecContext(ctx, `INSERT INTO case_event (case_id, at, actor, action, from_status, to_status, details)
		VALUES ($1, $2, $3, 'note', 'received', 'received', '{}'), ($1, $2, $4, 'note', 'received', 'received', '{}')`,
		caseID, time.Now().UTC(), fmt.Sprintf("staff:%d", gone), fmt.Sprintf("apiclient:%d", client))
	webtest.Check(t, err)
	_, _, body := w.Do(t, http.MethodGet, "/verwaltung/vorgaenge/"+ref, token, "", "")
	i := strings.Index(body, `id="history"`)
	if i < 0 {
		t.Fatal("no history on the case page")
	}
	hist := html.UnescapeString(body[i:])
	for _, want := range []string{staffName, "API-Client Meldewesen", fmt.Sprintf("Mitarbeiter/in Nr. %d (Konto gelöscht)", gone)} {
		if !strings.Contains(hist, want) {
			t.Errorf("history does not show %q", want)
		}
	}
}

// postFiles posts the message form as the browser does: subject and
// text first, then the files.
func postFiles(t *testing.T, w *webtest.World, path, token, subject, body string, files map[string]io.Reader) (int, string, string) {
	t.Helper()
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	go func() {
		mw.WriteField("subject", subject)
		mw.WriteField("body", body)
		for name, r := range files {
			fw, err := mw.CreateFormFile("files", name)
			if err == nil {
				_, err = io.Copy(fw, r)
			}
			if err != nil {
				pw.CloseWithError(err)
				return
			}
		}
		pw.CloseWithError(mw.Close())
	}()
	req, err := http.NewRequest(http.MethodPost, w.Base+path, pr)
	webtest.Check(t, err)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", w.Base)
	req.AddCookie(&http.Cookie{Name: account.SessionCookie(false).Name, Value: token})
	resp, err := webtest.NoFollow().Do(req)
	webtest.Check(t, err)
	defer resp.Body.Close()
	var buf bytes.Buffer
	io.Copy(&buf, resp.Body)
	return resp.StatusCode, resp.Header.Get("Location"), buf.String()
}

// zeros reads endless zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }
