package webtest

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/casework/caseworktest"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/demo"
	pfmailbox "github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// HostB is the host of the second tenant.
const HostB = "b.test"

// World is the running app plus the capability services on its
// database and blob folder, for setting up and checking pages.
type World struct {
	Base    string
	DSN     string // the database's connection string
	Dir     string // the app's data folder
	BlobURL string // the app's --blob-url ("": blobs in Dir)
	DB      *store.DB
	CW      *caseworktest.World
	Apps    *apply.Service
	Cases   *casework.Service
	Mailbox *pfmailbox.Service
	Acc     *account.Service
	TenantA tenant.ID
	TenantB tenant.ID
}

// Start prepares a database of dialect d with the demo tenant, a
// second tenant (host b.test) and the test procedure "bo-matrix" (a guest
// procedure without a service: its submissions go to the tenant's
// clearing office, from where a test forwards them to the authority it
// needs), then starts the real app on it; opts change the app's
// configuration further (e.g. to run its job workers).
func Start(t *testing.T, d store.Dialect, opts ...func(*config.Config)) *World {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dsn, dir := storetest.DSN(t, d), t.TempDir()
	w := &World{DSN: dsn, Dir: dir}
	var err error
	w.DB, err = store.Open(ctx, dsn)
	Check(t, err)
	t.Cleanup(func() { w.DB.Close() })
	Check(t, w.DB.Migrate(ctx, log))
	Check(t, demo.Seed(ctx, w.DB, log))
	tb, err := tenant.Create(ctx, w.DB, "test", tenant.Tenant{Slug: "bb", Name: "Land B", Hosts: []string{HostB}})
	Check(t, err)
	w.TenantB = tb.ID
	ta, err := tenant.BySlug(ctx, w.DB, demo.TenantSlug)
	Check(t, err)
	w.TenantA = ta.ID
	caseworktest.ImportProcedure(t, w.DB, caseworktest.Procedure{ID: "bo-matrix", TitleDE: "Rechteprüfung", TitleEN: "Rights check", Deadline: "P1M"})
	w.Base = browsertest.Start(t, browsertest.WithDatabaseURL(dsn), browsertest.WithConfig(func(c *config.Config) {
		c.DataDir, c.MaxBody = dir, 8<<20
		for _, o := range opts {
			o(c)
		}
		w.BlobURL = c.BlobURL
	}))
	w.CW = CaseWorld(t, w.DB, dir, caseworktest.Config{BlobURL: w.BlobURL})
	w.Apps, w.Cases, w.Mailbox = w.CW.Apps, w.CW.Cases, w.CW.Mailbox
	// The test's own account service mirrors the app's demo mode, so its
	// sessions for the demo staff (the tenant admin of Principal) are what
	// the app would start (browsertest.Start runs with --demo unless an
	// option turns it off).
	demoMode := config.Config{Demo: true}
	for _, o := range opts {
		o(&demoMode)
	}
	acfg := account.DefaultConfig()
	acfg.DemoWaiver = demoMode.Demo
	w.Acc, err = account.New(w.DB, acfg, time.Now)
	Check(t, err)
	return w
}

// Check fails the test on err.
func Check(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Staff creates an active staff account with roles in tenantID.
func (w *World) Staff(t *testing.T, tenantID tenant.ID, name string, roles ...account.StaffRole) int64 {
	t.Helper()
	return w.CW.Staff(t, tenantID, name, roles...).AccountID
}

// Citizen creates an active citizen account in tenantID.
func (w *World) Citizen(t *testing.T, tenantID tenant.ID, name string) int64 {
	t.Helper()
	return w.CW.Citizen(t, tenantID, name)
}

// Session starts a complete login session for accountID and returns the
// cookie's value (staff log in at "substantial", so no second factor is
// due).
func (w *World) Session(t *testing.T, accountID int64) string {
	t.Helper()
	a, err := account.ByID(context.Background(), w.DB, accountID)
	Check(t, err)
	_, token, err := w.Acc.StartSession(context.Background(), a, account.SessionStart{Level: account.LevelSubstantial, Method: "test"})
	Check(t, err)
	return token
}

// Submit submits an application of owner in tenantID and routes it; the
// case is at the tenant's clearing office.
func (w *World) Submit(t *testing.T, tenantID tenant.ID, owner apply.Owner, name string) (casework.Case, apply.Owner) {
	t.Helper()
	s := w.CW.Submit(t, caseworktest.Submission{TenantID: tenantID, Procedure: "bo-matrix", Owner: owner, Name: name,
		Staff: w.Principal(t, tenantID, "clearing")})
	return s.Case, s.Owner
}

// Principal loads the staff principal of a tenant admin created on demand
// (acting as head of the clearing office).
func (w *World) Principal(t *testing.T, tenantID tenant.ID, _ string) casework.Staff {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := w.DB.QueryRowContext(ctx, `SELECT a.id FROM account a JOIN staff_role r ON r.account_id = a.id
		WHERE a.tenant_id = $1 AND r.role = 'tenant_admin' ORDER BY a.id LIMIT 1`, tenantID).Scan(&id)
	if err != nil {
		return w.CW.Admin(t, tenantID, "Mandantenverwaltung")
	}
	s, err := casework.LoadStaff(ctx, w.DB, tenantID, id)
	Check(t, err)
	return s
}

// NoFollow is an HTTP client that does not follow redirects.
func NoFollow() *http.Client {
	return &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

// Do sends one request as the holder of token (none for "") to host
// (the app's own for ""), and returns status, Location and body.
func (w *World) Do(t *testing.T, method, path, token, host string, form string) (int, string, string) {
	t.Helper()
	var body io.Reader
	ctype := "application/x-www-form-urlencoded"
	if form != "" {
		body = strings.NewReader(form)
	}
	if method == http.MethodPost && (strings.HasPrefix(path, "/postfach/") || strings.Contains(path, "/seiten/")) {
		body, ctype = MultipartOf(t, form)
	}
	req, err := http.NewRequest(method, w.Base+path, body)
	Check(t, err)
	if host != "" {
		req.Host = host
	}
	if body != nil {
		req.Header.Set("Content-Type", ctype)
	}
	if method == http.MethodPost {
		req.Header.Set("Origin", w.Base)
		if host != "" {
			req.Header.Set("Origin", "http://"+host)
		}
	}
	if token != "" {
		req.AddCookie(&http.Cookie{Name: account.SessionCookie(false).Name, Value: token})
	}
	resp, err := NoFollow().Do(req)
	Check(t, err)
	defer resp.Body.Close()
	CheckNoStore(t, req, resp, token != "")
	var buf bytes.Buffer
	io.Copy(&buf, io.LimitReader(resp.Body, 4<<20))
	return resp.StatusCode, resp.Header.Get("Location"), buf.String()
}

// PersonalPaths are the path prefixes whose answers hold personal data
// or secrets; no browser or proxy may keep them.
var PersonalPaths = []string{"/antraege/", "/antrag/fortsetzen/", "/postfach", "/konto", "/verwaltung", "/anmelden",
	"/registrieren", "/passwort-"}

// CheckNoStore fails unless an answer on a personal path, or any HTML
// page for a login, says Cache-Control: no-store — whatever its status, so
// every request of the authorization tests checks it too.
func CheckNoStore(t *testing.T, req *http.Request, resp *http.Response, login bool) {
	t.Helper()
	personal := login && strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html")
	for _, p := range PersonalPaths {
		personal = personal || strings.HasPrefix(req.URL.Path, p)
	}
	if cc := resp.Header.Get("Cache-Control"); personal && !strings.Contains(cc, "no-store") {
		t.Errorf("%s %s: %d with Cache-Control %q, want no-store", req.Method, req.URL.Path, resp.StatusCode, cc)
	}
}

// MultipartOf encodes a url-encoded form as multipart/form-data (the
// forms with uploads), with a small PDF as "files".
func MultipartOf(t *testing.T, form string) (io.Reader, string) {
	t.Helper()
	vals, err := url.ParseQuery(form)
	Check(t, err)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range vals {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, err := mw.CreateFormFile("files", "Nachweis.pdf")
	Check(t, err)
	io.WriteString(fw, "%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	Check(t, mw.Close())
	return &buf, mw.FormDataContentType()
}

// RoutedCase waits until the app's submission job has made the case of
// reference ref and returns it (read without a principal's scope).
func (w *World) RoutedCase(t *testing.T, ref string) casework.Case {
	t.Helper()
	var c casework.Case
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		err := w.DB.QueryRowContext(context.Background(), `SELECT id, reference, authority_id, clearing, application_id, applicant_name
			FROM case_record WHERE reference = $1`, ref).Scan(&c.ID, &c.Reference, &c.AuthorityID, &c.Clearing, &c.ApplicationID, &c.ApplicantName)
		if err == nil {
			return c
		}
		if time.Now().After(deadline) {
			t.Fatalf("no case for %s after 30s: %v", ref, err)
		}
	}
}

// PDFUpload is a small PDF attachment.
func PDFUpload() pfmailbox.Upload {
	return pfmailbox.Upload{Name: "Nachweis.pdf", DeclaredType: "application/pdf",
		Content: strings.NewReader("%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")}
}
