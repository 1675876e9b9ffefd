package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/casework"
	pfmailbox "github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// isoTenant is one tenant's half of the isolation scenario: an authority,
// its head of unit (logged in), an API client of the authority and a
// submitted application routed to it.
type isoTenant struct {
	name      string
	host      string // "" for the app's own host (tenant A)
	tenantID  int64
	authority int64
	head      string // session cookie of the head of unit
	admin     string // session cookie of the tenant admin
	apiKey    string
	c         casework.Case
	doc       int64 // a document of c's file
}

// TestTenantIsolation runs the same scenario in two tenants and proves
// that nothing crosses: pages (case, documents, export, inbox; a session
// on the other tenant's host), the JSON API (submissions, event feed),
// the catalog (authority page, overlay on the procedure's intro) and the
// xdomea export itself — on both databases. Every denial has an allowed
// twin in the own tenant, so a back office that refuses everything fails.
func TestTenantIsolation(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := boStart(t, d)
			a := isoSetup(t, w, "A", "", w.tenantA, 0)
			b := isoSetup(t, w, "B", hostB, w.tenantB, a.authority)
			t.Run("pages", func(t *testing.T) { isoPages(t, w, a, b); isoPages(t, w, b, a) })
			t.Run("sessions", func(t *testing.T) { isoSessions(t, w, a, b); isoSessions(t, w, b, a) })
			t.Run("api", func(t *testing.T) { isoAPI(t, w, a, b); isoAPI(t, w, b, a) })
			t.Run("catalog", func(t *testing.T) { isoCatalog(t, w, a, b) })
			t.Run("export", func(t *testing.T) { isoExport(t, w, a, b); isoExport(t, w, b, a) })
		})
	}
}

// isoSetup creates tenant tenantID's half: an authority of its own (not
// the clearing office; avoid is another tenant's authority, never used),
// staff, an API client and a submission forwarded to the authority.
func isoSetup(t *testing.T, w *boWorld, name, host string, tenantID, avoid int64) isoTenant {
	t.Helper()
	ctx := context.Background()
	it := isoTenant{name: name, host: host, tenantID: tenantID}
	boCheck(t, w.db.Writer().QueryRowContext(ctx, `INSERT INTO authority (tenant_id, authority_key, name, kind, updated_at)
		VALUES ($1, $2, $3, 'Behörde', $4) RETURNING id`, tenantID, "iso-"+strings.ToLower(name),
		"Isolationsamt "+name, time.Now().UTC()).Scan(&it.authority))
	if it.authority == avoid {
		t.Fatal("setup: two tenants share an authority id")
	}
	head := w.staff(t, tenantID, "Leitung "+name, account.StaffRole{AuthorityID: it.authority, Role: account.RoleHeadOfUnit})
	it.head = w.session(t, head)
	admin := w.principal(t, tenantID, "")
	it.admin = w.session(t, admin.AccountID)
	cl, err := apiclient.Create(ctx, w.db, "test", apiclient.New{TenantID: tenantID, AuthorityID: it.authority,
		Name: "Fachverfahren " + name, Scopes: apiclient.Scopes()})
	boCheck(t, err)
	it.apiKey = cl.APIKey
	c, _ := w.submit(t, tenantID, apply.GuestOwner(""), "Person "+name)
	it.c, err = w.cases.Forward(ctx, admin, c.ID, it.authority, "zuständig")
	boCheck(t, err)
	s, err := casework.LoadStaff(ctx, w.db, tenantID, head)
	boCheck(t, err)
	_, err = w.cases.Claim(ctx, s, c.ID)
	boCheck(t, err)
	_, err = w.mb.PostToApplicant(ctx, s, c.ID, pfmailbox.Post{Subject: "Hinweis", Body: "Text", Files: []pfmailbox.Upload{pdfUpload()}})
	boCheck(t, err)
	docs, err := w.cases.Documents(ctx, s, c.ID)
	boCheck(t, err)
	if len(docs) == 0 {
		t.Fatalf("setup: case %s of tenant %s has no documents", c.Reference, name)
	}
	it.doc = docs[0].ID
	return it
}

// isoPages: own's head of unit on own's host opens own's case, document
// and export, and gets 404 for other's by reference and by id.
func isoPages(t *testing.T, w *boWorld, own, other isoTenant) {
	caseOf := func(ref string) string { return "/verwaltung/vorgaenge/" + ref }
	doc := func(ref string, id int64) string { return caseOf(ref) + "/akte/" + strconv.FormatInt(id, 10) }
	for _, tt := range []struct {
		path string
		want int
	}{
		{caseOf(own.c.Reference), http.StatusOK},
		{doc(own.c.Reference, own.doc), http.StatusOK},
		{caseOf(own.c.Reference) + "/export", http.StatusOK},
		{caseOf(other.c.Reference), http.StatusNotFound},
		{doc(other.c.Reference, other.doc), http.StatusNotFound},
		{doc(own.c.Reference, other.doc), http.StatusNotFound},
		{doc(other.c.Reference, other.doc) + "/vorschau", http.StatusNotFound},
		{caseOf(other.c.Reference) + "/export", http.StatusNotFound},
	} {
		for _, token := range []string{own.head, own.admin} {
			status, _, body := w.do(t, http.MethodGet, tt.path, token, own.host, "")
			if token == own.admin && tt.want == http.StatusOK {
				continue // the tenant admin sees the clearing office's cases, not the authority's
			}
			if status != tt.want {
				t.Errorf("%s: GET %s: %d, want %d", own.name, tt.path, status, tt.want)
			}
			if tt.want != http.StatusOK && strings.Contains(body, other.c.ApplicantName) {
				t.Errorf("%s: GET %s shows %q", own.name, tt.path, other.c.ApplicantName)
			}
		}
	}
	// A write by the other tenant's reference changes nothing.
	before := w.fingerprint(t)
	status, _, _ := w.do(t, http.MethodPost, caseOf(other.c.Reference)+"/vermerke", own.head, own.host, "body=Fremd")
	if status != http.StatusNotFound || w.fingerprint(t) != before {
		t.Errorf("%s: note on the other tenant's case: %d (data changed: %v)", own.name, status, w.fingerprint(t) != before)
	}
	status, _, body := w.do(t, http.MethodGet, "/verwaltung", own.head, own.host, "")
	if status != http.StatusOK || !strings.Contains(body, own.c.Reference) || strings.Contains(body, other.c.Reference) {
		t.Errorf("%s: inbox %d; lists own %s: %v, other %s: %v", own.name, status, own.c.Reference,
			strings.Contains(body, own.c.Reference), other.c.Reference, strings.Contains(body, other.c.Reference))
	}
}

// isoSessions: own's session cookie is not accepted on other's host,
// neither for the back office nor for the tenant admin pages.
func isoSessions(t *testing.T, w *boWorld, own, other isoTenant) {
	for _, p := range []string{"/verwaltung", "/verwaltung/vorgaenge/" + other.c.Reference, "/verwaltung/vorgaenge/" + own.c.Reference, "/konto"} {
		for _, token := range []string{own.head, own.admin} {
			status, loc, body := w.do(t, http.MethodGet, p, token, other.host, "")
			if !strings.HasPrefix(loc, "/anmelden") || status != http.StatusSeeOther && status != http.StatusFound {
				t.Errorf("%s's session on %s's host: GET %s: %d %s, want the login page", own.name, other.name, p, status, loc)
			}
			if strings.Contains(body, other.c.ApplicantName) || strings.Contains(body, own.c.ApplicantName) {
				t.Errorf("%s's session on %s's host: GET %s shows an applicant", own.name, other.name, p)
			}
		}
	}
}

// isoAPI: own's API client fetches its submission but gets 404 for
// other's; other's events are not in own's feed; own's key does not work
// on other's host.
func isoAPI(t *testing.T, w *boWorld, own, other isoTenant) {
	sub := func(id int64) string { return "/api/v1/submissions/" + strconv.FormatInt(id, 10) }
	if status, body := isoAPIGet(t, w, sub(own.c.ID), own.apiKey, own.host); status != http.StatusOK || !strings.Contains(body, own.c.Reference) {
		t.Errorf("%s: own submission: %d", own.name, status)
	}
	for _, p := range []string{sub(other.c.ID), sub(other.c.ID) + "/attachments/1"} {
		if status, body := isoAPIGet(t, w, p, own.apiKey, own.host); status != http.StatusNotFound || strings.Contains(body, other.c.Reference) {
			t.Errorf("%s: GET %s: %d, want 404", own.name, p, status)
		}
	}
	status, body := isoAPIGet(t, w, "/api/v1/submissions", own.apiKey, own.host)
	if status != http.StatusOK || !strings.Contains(body, own.c.Reference) || strings.Contains(body, other.c.Reference) {
		t.Errorf("%s: submission list %d: own listed %v, other listed %v", own.name, status,
			strings.Contains(body, own.c.Reference), strings.Contains(body, other.c.Reference))
	}
	status, body = isoAPIGet(t, w, "/api/v1/events?limit=1000", own.apiKey, own.host)
	var page struct {
		Items []struct {
			Reference string `json:"reference"`
			CaseID    int64  `json:"caseId"`
		} `json:"items"`
	}
	boCheck(t, json.Unmarshal([]byte(body), &page))
	ownSeen := false
	for _, e := range page.Items {
		ownSeen = ownSeen || e.Reference == own.c.Reference
		if e.Reference == other.c.Reference || e.CaseID == other.c.ID {
			t.Errorf("%s: the event feed holds %s's event %+v", own.name, other.name, e)
		}
	}
	if status != http.StatusOK || !ownSeen {
		t.Errorf("%s: event feed %d with %d events; own case's events present: %v", own.name, status, len(page.Items), ownSeen)
	}
	if status, _ := isoAPIGet(t, w, sub(own.c.ID), own.apiKey, other.host); status != http.StatusUnauthorized {
		t.Errorf("%s's API key on %s's host: %d, want 401", own.name, other.name, status)
	}
}

// isoAPIGet sends an API GET with the bearer key to host.
func isoAPIGet(t *testing.T, w *boWorld, path, key, host string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, w.base+path, nil)
	boCheck(t, err)
	if host != "" {
		req.Host = host
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := boClient().Do(req)
	boCheck(t, err)
	defer resp.Body.Close()
	var buf bytes.Buffer
	io.Copy(&buf, io.LimitReader(resp.Body, 4<<20))
	return resp.StatusCode, buf.String()
}

// isoCatalog: each host shows its own tenant's authority and overlay and
// not the other's.
func isoCatalog(t *testing.T, w *boWorld, a, b isoTenant) {
	ctx := context.Background()
	fee := func(n string) string {
		return `{"fees": {"de": "Gebühr nur in Mandant ` + n + `", "en": "Fee only in tenant ` + n + `"}}`
	}
	boCheck(t, procedure.SaveOverlay(ctx, w.db, "test", a.tenantID, "bo-matrix", []byte(fee("A"))))
	boCheck(t, procedure.SaveOverlay(ctx, w.db, "test", b.tenantID, "bo-matrix", []byte(fee("B"))))
	for _, tt := range []struct {
		own, other isoTenant
	}{{a, b}, {b, a}} {
		_, _, body := w.do(t, http.MethodGet, "/antrag/bo-matrix", "", tt.own.host, "")
		if !strings.Contains(body, "Gebühr nur in Mandant "+tt.own.name) || strings.Contains(body, "Mandant "+tt.other.name) {
			t.Errorf("intro on %s's host: own overlay shown %v, other's shown %v", tt.own.name,
				strings.Contains(body, "Gebühr nur in Mandant "+tt.own.name), strings.Contains(body, "Mandant "+tt.other.name))
		}
		auth := func(x isoTenant) string { return "/behoerden/" + strconv.FormatInt(x.authority, 10) }
		if status, _, body := w.do(t, http.MethodGet, auth(tt.own), "", tt.own.host, ""); status != http.StatusOK || !strings.Contains(body, "Isolationsamt "+tt.own.name) {
			t.Errorf("own authority page on %s's host: %d", tt.own.name, status)
		}
		if status, _, body := w.do(t, http.MethodGet, auth(tt.other), "", tt.own.host, ""); status != http.StatusNotFound || strings.Contains(body, "Isolationsamt "+tt.other.name) {
			t.Errorf("%s's authority page on %s's host: %d, want 404", tt.other.name, tt.own.name, status)
		}
		if status, _ := isoAPIGet(t, w, "/api/v1/authorities/"+strconv.FormatInt(tt.other.authority, 10), "", tt.own.host); status != http.StatusNotFound {
			t.Errorf("API: %s's authority on %s's host: %d, want 404", tt.other.name, tt.own.name, status)
		}
	}
}

// isoExport: akte.Export of other's reference with own's tenant id fails
// (and writes nothing), with own's reference it succeeds.
func isoExport(t *testing.T, w *boWorld, own, other isoTenant) {
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	blobs, err := blob.NewDisk(filepath.Join(w.dir, "blobs"))
	boCheck(t, err)
	files, err := akte.New(akte.Deps{DB: w.db, Blobs: blobs, Log: log, Purge: casework.PurgeTx})
	boCheck(t, err)
	var buf bytes.Buffer
	if _, err := files.Export(ctx, &buf, own.tenantID, own.c.Reference, akte.ExportOptions{Sender: own.name}); err != nil || buf.Len() == 0 {
		t.Errorf("%s: export of its own file: %v (%d bytes)", own.name, err, buf.Len())
	}
	buf.Reset()
	if _, err := files.Export(ctx, &buf, own.tenantID, other.c.Reference, akte.ExportOptions{Sender: own.name}); err == nil || buf.Len() != 0 {
		t.Errorf("%s: export of %s's file %s: err %v, %d bytes written", own.name, other.name, other.c.Reference, err, buf.Len())
	}
}
