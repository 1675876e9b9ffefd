package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/api"
	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/integration"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web"
)

func bg() context.Context { return context.Background() }

const testProcedure = `id: fvtest
version: 1
title: {de: "Fachverfahrenstest", en: "Specialised system test"}
assurance: low
guest: true
deadline: P3M
retention: P10Y
pages:
  - id: p
    title: {de: Angaben, en: Details}
    fields:
      - {id: name, type: short_text, label: {de: Name, en: Name}, required: true}
`

// noFinder finds no authority: applications go to the clearing office.
type noFinder struct{}

func (noFinder) Find(context.Context, int64, string, string, catalog.Audience) (catalog.Authority, error) {
	return catalog.Authority{}, fault.New(fault.NotFound, "none")
}

// fx is the whole API stack on a fresh database, served by the real web
// server (middleware included) on a real HTTP listener.
type fx struct {
	db        *store.DB
	q         *jobs.Queue
	log       *slog.Logger
	apps      *apply.Service
	cases     *casework.Service
	tenant    int64
	clearing  int64 // authority of the clearing office (client A's)
	other     int64 // another authority (client B's)
	staff     casework.Staff
	url       string
	validator *validator
	seq       int
}

func newFx(t *testing.T, db *store.DB) *fx {
	t.Helper()
	f := &fx{db: db, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	tn, err := tenant.Create(bg(), db, "test", tenant.Tenant{Slug: "sn", Name: "Freistaat Sachsen", Hosts: []string{"127.0.0.1"}})
	check(t, err)
	f.tenant = tn.ID
	_, err = procedure.Import(bg(), db, []byte(testProcedure), "fvtest.yaml")
	check(t, err)
	blobs, err := blob.NewDisk(t.TempDir())
	check(t, err)
	f.q, err = jobs.New(db, f.log, jobs.Config{PollInterval: 20 * time.Millisecond})
	check(t, err)
	files, err := akte.New(akte.Deps{DB: db, Blobs: blobs, Log: f.log, Purge: casework.PurgeTx})
	check(t, err)
	f.cases, err = casework.New(casework.Deps{DB: db, Blobs: blobs, Jobs: f.q, Akte: files, Log: f.log,
		SealSecret: []byte(strings.Repeat("k", 32))})
	check(t, err)
	f.clearing, err = f.cases.EnsureClearing(bg(), f.tenant)
	check(t, err)
	check(t, db.Writer().QueryRowContext(bg(), `INSERT INTO authority (tenant_id, authority_key, name, updated_at)
		VALUES ($1, 'other', 'Landratsamt Anderswo', $2) RETURNING id`, f.tenant, time.Now().UTC()).Scan(&f.other))
	f.apps, err = apply.New(apply.Deps{DB: db, Blobs: blobs, Jobs: f.q, Finder: noFinder{}, Log: f.log})
	check(t, err)
	mb, err := mailbox.New(mailbox.Deps{DB: db, Blobs: blobs, Apply: f.apps, Cases: f.cases, Akte: files, Log: f.log,
		Config: mailbox.Config{BaseURL: func() string { return "https://portal.example" }}})
	check(t, err)
	in, err := integration.New(integration.Deps{DB: db, Cases: f.cases, Mailbox: mb})
	check(t, err)
	tenants, err := tenant.NewResolver(bg(), db)
	check(t, err)
	srv, err := web.New(web.Deps{Log: f.log, DB: db, Tenants: tenants,
		API: api.New(api.Deps{Log: f.log, DB: db, Tenants: tenants, Integration: in, Limiter: apiclient.NewLimiter(nil)})})
	check(t, err)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	f.url = hs.URL
	f.staff = f.admin(t)
	f.validator = newValidator(t, f.url)
	return f
}

// admin is a tenant admin, head of unit of the clearing office.
func (f *fx) admin(t *testing.T) casework.Staff {
	var id int64
	check(t, f.db.Writer().QueryRowContext(bg(), `INSERT INTO account (tenant_id, kind, state, email, email_norm, name, created_at)
		VALUES ($1, $2, 'active', 'admin@example.de', 'admin@example.de', 'Adam Admin', $3) RETURNING id`,
		f.tenant, account.KindStaff, time.Now().UTC()).Scan(&id))
	_, err := f.db.ExecContext(bg(), `INSERT INTO staff_role (account_id, authority_id, role) VALUES ($1, 0, $2)`, id, account.RoleTenantAdmin)
	check(t, err)
	s, err := casework.LoadStaff(bg(), f.db, f.tenant, id)
	check(t, err)
	return s
}

func check(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// submit submits a guest application and routes it; it returns the case.
func (f *fx) submit(t *testing.T) casework.Case {
	t.Helper()
	f.seq++
	owner := apply.Owner{}
	a, secret, err := f.apps.Start(bg(), apply.StartInput{TenantID: f.tenant, ProcedureID: "fvtest", Owner: owner})
	check(t, err)
	owner.Secret = secret
	_, err = f.apps.SavePage(bg(), a.ID, owner, "p", map[string]any{"name": fmt.Sprintf("Antragsteller %d", f.seq)})
	check(t, err)
	_, err = f.apps.Submit(bg(), a.ID, owner, fmt.Sprintf("key-%d", a.ID))
	check(t, err)
	check(t, f.cases.OnSubmitted(bg(), a.ID))
	var caseID int64
	check(t, f.db.QueryRowContext(bg(), `SELECT id FROM case_record WHERE application_id = $1`, a.ID).Scan(&caseID))
	c, err := f.cases.Get(bg(), f.staff, caseID)
	check(t, err)
	return c
}

// client creates an API client.
func (f *fx) client(t *testing.T, authority int64, rate int, webhook string, scopes ...apiclient.Scope) apiclient.Created {
	t.Helper()
	c, err := apiclient.Create(bg(), f.db, "test", apiclient.New{TenantID: f.tenant, AuthorityID: authority,
		Name: "Fachverfahren", Scopes: scopes, RatePerMin: rate, WebhookURL: webhook})
	check(t, err)
	return c
}

// call sends a request through the validating client and decodes a JSON
// body into out (when not nil); it returns the response.
func (f *fx) call(t *testing.T, method, path, bearer string, body any, out any) *http.Response {
	t.Helper()
	var rd io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
	case []byte:
		rd, ct = bytes.NewReader(b), "application/pdf"
	default:
		raw, err := json.Marshal(b)
		check(t, err)
		rd, ct = bytes.NewReader(raw), "application/json"
	}
	req, err := http.NewRequest(method, f.url+path, rd)
	check(t, err)
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	res, raw := f.validator.do(t, req)
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			t.Fatalf("%s %s: %v\n%s", method, path, err, raw)
		}
	}
	return res
}

// validator sends requests and validates every API response against the
// served OpenAPI document (kin-openapi).
type validator struct {
	doc    *openapi3.T
	router routers.Router
	// checked counts validated responses per operation.
	checked map[string]int
}

func newValidator(t *testing.T, base string) *validator {
	t.Helper()
	res, err := http.Get(base + "/api/openapi.json")
	check(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	check(t, err)
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	check(t, err)
	if err := doc.Validate(bg()); err != nil {
		t.Fatalf("the OpenAPI document is invalid: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("openapi %q, want 3.1", doc.OpenAPI)
	}
	router, err := legacy.NewRouter(doc)
	check(t, err)
	return &validator{doc: doc, router: router, checked: map[string]int{}}
}

func (v *validator) do(t *testing.T, req *http.Request) (*http.Response, []byte) {
	t.Helper()
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	res, err := http.DefaultClient.Do(req)
	check(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	check(t, err)
	req.Body = io.NopCloser(bytes.NewReader(reqBody))
	route, params, err := v.router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s %s is not in the OpenAPI document: %v", req.Method, req.URL.Path, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status: res.StatusCode, Header: res.Header, Body: io.NopCloser(bytes.NewReader(raw)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(bg(), in); err != nil {
		t.Fatalf("%s %s: response %d does not match the OpenAPI document: %v\n%s", req.Method, req.URL.Path, res.StatusCode, err, raw)
	}
	v.checked[route.Operation.OperationID]++
	return res, raw
}

func jsonUnmarshal(raw []byte, v any) error { return json.Unmarshal(raw, v) }
