package web_test

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
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// hostB is the host of the second tenant.
const hostB = "b.test"

// boWorld is the running app plus the capability services on its
// database and blob folder, for setting up and checking the back office.
type boWorld struct {
	base    string
	dsn     string // the database's connection string
	dir     string // the app's data folder
	db      *store.DB
	cw      *caseworktest.World
	apps    *apply.Service
	cases   *casework.Service
	mb      *pfmailbox.Service
	acc     *account.Service
	tenantA tenant.ID
	tenantB tenant.ID
}

// boStart prepares a database of dialect d with the demo tenant, a
// second tenant (host b.test) and the test procedure "bo-matrix" (a guest
// procedure without a service: its submissions go to the tenant's
// clearing office, from where a test forwards them to the authority it
// needs), then starts the real app on it; opts change the app's
// configuration further (e.g. to run its job workers).
func boStart(t *testing.T, d store.Dialect, opts ...func(*config.Config)) *boWorld {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	dsn, dir := storetest.DSN(t, d), t.TempDir()
	w := &boWorld{dsn: dsn, dir: dir}
	var err error
	w.db, err = store.Open(ctx, dsn)
	boCheck(t, err)
	t.Cleanup(func() { w.db.Close() })
	boCheck(t, w.db.Migrate(ctx, log))
	boCheck(t, demo.Seed(ctx, w.db, log))
	tb, err := tenant.Create(ctx, w.db, "test", tenant.Tenant{Slug: "bb", Name: "Land B", Hosts: []string{hostB}})
	boCheck(t, err)
	w.tenantB = tb.ID
	ta, err := tenant.BySlug(ctx, w.db, demo.TenantSlug)
	boCheck(t, err)
	w.tenantA = ta.ID
	caseworktest.ImportProcedure(t, w.db, caseworktest.Procedure{ID: "bo-matrix", TitleDE: "Rechteprüfung", TitleEN: "Rights check", Deadline: "P1M"})
	w.base = browsertest.Start(t, browsertest.WithDatabaseURL(dsn), browsertest.WithConfig(func(c *config.Config) {
		c.DataDir, c.MaxBody = dir, 8<<20
		for _, o := range opts {
			o(c)
		}
	}))
	w.cw = appWorld(t, w.db, dir, caseworktest.Config{})
	w.apps, w.cases, w.mb = w.cw.Apps, w.cw.Cases, w.cw.Mailbox
	w.acc, err = account.New(w.db, account.DefaultConfig(), time.Now)
	boCheck(t, err)
	return w
}

// appWorld is the case world on the running app's database and data
// folder (its blobs and seal key), routing with the real finder; cfg
// changes it further.
func appWorld(t *testing.T, db *store.DB, dir string, cfg caseworktest.Config) *caseworktest.World {
	t.Helper()
	return webtest.CaseWorld(t, db, dir, cfg)
}

func boCheck(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// staff creates an active staff account with roles in tenantID.
func (w *boWorld) staff(t *testing.T, tenantID tenant.ID, name string, roles ...account.StaffRole) int64 {
	t.Helper()
	return w.cw.Staff(t, tenantID, name, roles...).AccountID
}

// citizen creates an active citizen account in tenantID.
func (w *boWorld) citizen(t *testing.T, tenantID tenant.ID, name string) int64 {
	t.Helper()
	return w.cw.Citizen(t, tenantID, name)
}

// session starts a complete login session for accountID and returns the
// cookie's value (staff log in at "substantial", so no second factor is
// due).
func (w *boWorld) session(t *testing.T, accountID int64) string {
	t.Helper()
	a, err := account.ByID(context.Background(), w.db, accountID)
	boCheck(t, err)
	_, token, err := w.acc.StartSession(context.Background(), a, account.SessionStart{Level: account.LevelSubstantial, Method: "test"})
	boCheck(t, err)
	return token
}

// submit submits an application of owner in tenantID and routes it; the
// case is at the tenant's clearing office.
func (w *boWorld) submit(t *testing.T, tenantID tenant.ID, owner apply.Owner, name string) (casework.Case, apply.Owner) {
	t.Helper()
	s := w.cw.Submit(t, caseworktest.Submission{TenantID: tenantID, Procedure: "bo-matrix", Owner: owner, Name: name,
		Staff: w.principal(t, tenantID, "clearing")})
	return s.Case, s.Owner
}

// principal loads the staff principal of a tenant admin created on demand
// (acting as head of the clearing office).
func (w *boWorld) principal(t *testing.T, tenantID tenant.ID, _ string) casework.Staff {
	t.Helper()
	ctx := context.Background()
	var id int64
	err := w.db.QueryRowContext(ctx, `SELECT a.id FROM account a JOIN staff_role r ON r.account_id = a.id
		WHERE a.tenant_id = $1 AND r.role = 'tenant_admin' ORDER BY a.id LIMIT 1`, tenantID).Scan(&id)
	if err != nil {
		return w.cw.Admin(t, tenantID, "Mandantenverwaltung")
	}
	s, err := casework.LoadStaff(ctx, w.db, tenantID, id)
	boCheck(t, err)
	return s
}

// client is an HTTP client that does not follow redirects.
func boClient() *http.Client {
	return &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

// do sends one request as the holder of token (none for "") to host
// (the app's own for ""), and returns status, Location and body.
func (w *boWorld) do(t *testing.T, method, path, token, host string, form string) (int, string, string) {
	t.Helper()
	var body io.Reader
	ctype := "application/x-www-form-urlencoded"
	if form != "" {
		body = strings.NewReader(form)
	}
	if method == http.MethodPost && (strings.HasPrefix(path, "/postfach/") || strings.Contains(path, "/seiten/")) {
		body, ctype = multipartOf(t, form)
	}
	req, err := http.NewRequest(method, w.base+path, body)
	boCheck(t, err)
	if host != "" {
		req.Host = host
	}
	if body != nil {
		req.Header.Set("Content-Type", ctype)
	}
	if method == http.MethodPost {
		req.Header.Set("Origin", w.base)
		if host != "" {
			req.Header.Set("Origin", "http://"+host)
		}
	}
	if token != "" {
		req.AddCookie(&http.Cookie{Name: account.SessionCookie(false).Name, Value: token})
	}
	resp, err := boClient().Do(req)
	boCheck(t, err)
	defer resp.Body.Close()
	checkNoStore(t, req, resp, token != "")
	var buf bytes.Buffer
	io.Copy(&buf, io.LimitReader(resp.Body, 4<<20))
	return resp.StatusCode, resp.Header.Get("Location"), buf.String()
}

// personalPaths are the path prefixes whose answers hold personal data
// or secrets; no browser or proxy may keep them.
var personalPaths = []string{"/antraege/", "/antrag/fortsetzen/", "/postfach", "/konto", "/verwaltung", "/anmelden",
	"/registrieren", "/passwort-"}

// checkNoStore fails unless an answer on a personal path, or any HTML
// page for a login, says Cache-Control: no-store — whatever its status, so
// every request of the authorization tests checks it too.
func checkNoStore(t *testing.T, req *http.Request, resp *http.Response, login bool) {
	t.Helper()
	personal := login && strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html")
	for _, p := range personalPaths {
		personal = personal || strings.HasPrefix(req.URL.Path, p)
	}
	if cc := resp.Header.Get("Cache-Control"); personal && !strings.Contains(cc, "no-store") {
		t.Errorf("%s %s: %d with Cache-Control %q, want no-store", req.Method, req.URL.Path, resp.StatusCode, cc)
	}
}

// multipartOf encodes a url-encoded form as multipart/form-data (the
// forms with uploads), with a small PDF as "files".
func multipartOf(t *testing.T, form string) (io.Reader, string) {
	t.Helper()
	vals, err := url.ParseQuery(form)
	boCheck(t, err)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range vals {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, err := mw.CreateFormFile("files", "Nachweis.pdf")
	boCheck(t, err)
	io.WriteString(fw, "%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	boCheck(t, mw.Close())
	return &buf, mw.FormDataContentType()
}
