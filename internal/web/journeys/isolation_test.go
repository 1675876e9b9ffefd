package journeys_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/fitconnect"
	"github.com/amtsweg/amtsweg/internal/fitconnect/subscriber"
	pfmailbox "github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// isoTenant is one tenant's half of the isolation scenario: an authority
// (with a FIT-Connect key), its head of unit, the tenant admin, a citizen,
// an API client of the authority, a tenant-wide client with a webhook to
// a real receiver, and the citizen's submitted application routed to the
// authority, with a staff message and (after the API step) a notice.
type isoTenant struct {
	name      string
	host      string // "" for the app's own host (tenant A)
	tenantID  tenant.ID
	authority int64
	head      string // session cookie of the head of unit
	headID    int64
	admin     string // session cookie of the tenant admin
	citizen   string // session cookie of the applicant
	apiKey    string // client of the authority, all scopes
	wideKey   string // tenant-wide client with the webhook, all scopes
	wideID    int64
	hook      *isoReceiver
	dest      string // FIT-Connect destination id of the authority
	// inboxDest is the authority's destination as a FIT-Connect
	// subscriber, inboxSubmission a rejected submission received there.
	inboxDest, inboxSubmission string
	c                          casework.Case
	doc                        int64 // a document of c's file
	notice                     int64 // the notice the API decided c with (isoAPIWrites)
}

// TestTenantIsolation runs the same scenario in two tenants and proves
// that nothing crosses (issue #7): back-office pages and their search,
// citizen pages, sessions, the JSON API (reads, writes, FIT-Connect),
// the event feed and webhooks, the catalog (authority page, overlay,
// responsibilities on the service page and in the API), the xdomea
// export, statistics and the tenant admin pages including the webhook
// redelivery (one click in Chromium) — on both databases. Every denial
// has an allowed twin in the own tenant, so a portal that refuses
// everything fails, and a foreign id must answer like an unknown one.
func TestTenantIsolation(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := boStart(t, d, func(c *config.Config) {
				c.Jobs, c.WebhookAllow = true, []string{"127.0.0.1"} // webhooks and FIT-Connect sealing run
			})
			a := isoSetup(t, w, "A", "", w.tenantA, 0)
			b := isoSetup(t, w, "B", hostB, w.tenantB, a.authority)
			t.Run("pages", func(t *testing.T) { isoPages(t, w, a, b); isoPages(t, w, b, a) })
			t.Run("sessions", func(t *testing.T) { isoSessions(t, w, a, b); isoSessions(t, w, b, a) })
			t.Run("api", func(t *testing.T) { isoAPI(t, w, a, b); isoAPI(t, w, b, a) })
			t.Run("api-writes", func(t *testing.T) { isoAPIWrites(t, w, &a, b); isoAPIWrites(t, w, &b, a) })
			t.Run("fitconnect", func(t *testing.T) { isoFitConnect(t, w, a, b); isoFitConnect(t, w, b, a) })
			t.Run("citizen", func(t *testing.T) { isoCitizen(t, w, a, b); isoCitizen(t, w, b, a) })
			t.Run("events", func(t *testing.T) { isoEvents(t, w, a, b); isoEvents(t, w, b, a) })
			t.Run("catalog", func(t *testing.T) { isoCatalog(t, w, a, b) })
			t.Run("responsibilities", func(t *testing.T) { isoResponsibilities(t, w, a, b) })
			t.Run("export", func(t *testing.T) { isoExport(t, w, a, b); isoExport(t, w, b, a) })
			t.Run("admin", func(t *testing.T) { isoAdmin(t, w, a, b); isoAdmin(t, w, b, a) })
			t.Run("redeliver", func(t *testing.T) { isoRedeliver(t, w, a, b) })
		})
	}
}

// isoSetup creates tenant tenantID's half: an authority of its own (not
// the clearing office; avoid is another tenant's authority, never used)
// with a FIT-Connect key, staff, a citizen, two API clients and the
// citizen's submission forwarded to the authority, claimed and written to.
func isoSetup(t *testing.T, w *boWorld, name, host string, tenantID tenant.ID, avoid int64) isoTenant {
	t.Helper()
	ctx := context.Background()
	it := isoTenant{name: name, host: host, tenantID: tenantID}
	boCheck(t, w.db.Writer().QueryRowContext(ctx, `INSERT INTO authority (tenant_id, authority_key, name, kind, updated_at)
		VALUES ($1, $2, $3, 'Behörde', $4) RETURNING id`, tenantID, "iso-"+strings.ToLower(name),
		"Isolationsamt "+name, time.Now().UTC()).Scan(&it.authority))
	if it.authority == avoid {
		t.Fatal("setup: two tenants share an authority id")
	}
	key, err := fitconnect.RegisterKey(ctx, w.db, "test", tenantID, it.authority, webtest.FITJWK(t))
	boCheck(t, err)
	it.dest = key.DestinationID
	isoInbox(t, w, &it)
	head := w.staff(t, tenantID, "Leitung "+name, account.StaffRole{AuthorityID: it.authority, Role: account.RoleHeadOfUnit})
	it.head, it.headID = w.session(t, head), head
	admin := w.principal(t, tenantID, "")
	it.admin = w.session(t, admin.AccountID)
	citizen := w.citizen(t, tenantID, "Bürgerin "+name)
	it.citizen = w.session(t, citizen)
	cl, err := apiclient.Create(ctx, w.db, "test", apiclient.New{TenantID: tenantID, AuthorityID: it.authority,
		Name: "Fachverfahren " + name, Scopes: apiclient.Scopes(), Secrets: blobtest.KeysOf(t, w.db, w.dir)})
	boCheck(t, err)
	it.apiKey = cl.APIKey
	it.hook = isoListen(t)
	wide, err := apiclient.Create(ctx, w.db, "test", apiclient.New{TenantID: tenantID, Name: "Landesdienst " + name,
		Scopes: apiclient.Scopes(), WebhookURL: it.hook.url + "/hook", WebhookAllow: []string{"127.0.0.1"}, Secrets: blobtest.KeysOf(t, w.db, w.dir)})
	boCheck(t, err)
	it.wideKey, it.wideID, it.hook.secret = wide.APIKey, wide.ID, wide.WebhookSecret
	c, _ := w.submit(t, tenantID, apply.AccountOwner(citizen, 0), "Person "+name)
	it.c, err = w.cases.Forward(ctx, admin, c.ID, it.authority, "zuständig")
	boCheck(t, err)
	s, err := casework.LoadStaff(ctx, w.db, tenantID, head)
	boCheck(t, err)
	_, err = w.cases.Claim(ctx, s, c.ID)
	boCheck(t, err)
	_, err = w.mb.PostToApplicant(ctx, s, c.ID, pfmailbox.Post{Subject: "Hinweis", Body: "Text", Files: []pfmailbox.Upload{webtest.PDFUpload()}})
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
	before := isoFingerprint(t, w, other) // scoped: the app's job workers run meanwhile
	status, _, _ := w.do(t, http.MethodPost, caseOf(other.c.Reference)+"/vermerke", own.head, own.host, "body=Fremd")
	if after := isoFingerprint(t, w, other); status != http.StatusNotFound || after != before {
		t.Errorf("%s: note on the other tenant's case: %d (data changed: %s → %s)", own.name, status, before, after)
	}
	status, _, body := w.do(t, http.MethodGet, "/verwaltung", own.head, own.host, "")
	if status != http.StatusOK || !strings.Contains(body, own.c.Reference) || strings.Contains(body, other.c.Reference) {
		t.Errorf("%s: inbox %d; lists own %s: %v, other %s: %v", own.name, status, own.c.Reference,
			strings.Contains(body, own.c.Reference), other.c.Reference, strings.Contains(body, other.c.Reference))
	}
	isoInboxSearch(t, w, own, other)
}

// isoInboxSearch: the inbox search finds own's case by reference and by
// applicant name, and never other's.
func isoInboxSearch(t *testing.T, w *boWorld, own, other isoTenant) {
	for _, x := range []struct {
		of   isoTenant
		q    string
		want bool
	}{
		{own, own.c.Reference, true}, {own, own.c.ApplicantName, true},
		{other, other.c.Reference, false}, {other, other.c.ApplicantName, false},
	} {
		status, _, body := w.do(t, http.MethodGet, "/verwaltung?q="+url.QueryEscape(x.q), own.head, own.host, "")
		found := strings.Contains(body, "/verwaltung/vorgaenge/"+x.of.c.Reference)
		if status != http.StatusOK || found != x.want || (!x.want && strings.Contains(body, x.of.c.ApplicantName+"<")) {
			t.Errorf("%s: inbox search %q: %d, finds %s's case %v, want %v", own.name, x.q, status, x.of.name, found, x.want)
		}
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
	return isoAPIDo(t, w, http.MethodGet, path, key, host, "", "")
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
	blobs := w.cw.Blobs
	files, err := akte.New(akte.Deps{DB: w.db, Blobs: blobs, Log: log})
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

// isoInbox makes it's authority a FIT-Connect destination of its own and
// records one rejected submission received there (the decision as the
// subscriber stores it; its processing is TestAdminFitConnect's).
func isoInbox(t *testing.T, w *boWorld, it *isoTenant) {
	t.Helper()
	ctx := context.Background()
	suffix := map[string]string{"A": "aaaaaaaaaaaa", "B": "bbbbbbbbbbbb"}[it.name]
	it.inboxDest, it.inboxSubmission = "5e4d3c2b-1a09-4f8e-9d7c-"+suffix, "9a8b7c6d-5e4f-4a3b-8c2d-"+suffix
	_, err := subscriber.CreateDestination(ctx, w.db, blobtest.KeysOf(t, w.db, w.dir), "test", it.tenantID, it.authority, it.inboxDest)
	boCheck(t, err)
	_, err = w.db.ExecContext(ctx, `INSERT INTO fitconnect_inbox (submission_id, destination_id, tenant_id, case_id, outcome,
		problems, event, event_sent, received_at, service_id, service_name, sender)
		VALUES ($1, $2, $3, $4, 'rejected', $5, 'set', TRUE, $6, 'urn:de:fim:leika:leistung:99999999999999', 'Andere Leistung', $7)`,
		it.inboxSubmission, it.inboxDest, it.tenantID, "c0c0c0c0-1111-4222-8333-"+suffix,
		`[{"type": "`+subscriber.ProblemBase+subscriber.ServiceMismatch+`", "title": "", "detail": "other service", "instance": "metadata"}]`,
		time.Now().UTC(), "OD-"+it.name)
	boCheck(t, err)
}
