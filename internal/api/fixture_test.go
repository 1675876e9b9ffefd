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
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/amtsweg/amtsweg/internal/api"
	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/casework/caseworktest"
	"github.com/amtsweg/amtsweg/internal/integration"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web"
)

func bg() context.Context { return context.Background() }

// fx is the whole API stack on a fresh database, served by the real web
// server (middleware included) on a real HTTP listener.
type fx struct {
	db        *store.DB
	w         *caseworktest.World
	q         *jobs.Queue
	log       *slog.Logger
	apps      *apply.Service
	cases     *casework.Service
	tenant    tenant.ID
	clearing  int64 // authority of the clearing office (client A's)
	other     int64 // another authority (client B's)
	staff     casework.Staff
	url       string
	validator *validator
	seq       int
}

func newFx(t *testing.T, db *store.DB) *fx {
	t.Helper()
	w := caseworktest.New(t, db, caseworktest.Config{Jobs: jobs.Config{PollInterval: 20 * time.Millisecond}})
	f := &fx{db: db, w: w, q: w.Jobs, log: w.Log, apps: w.Apps, cases: w.Cases}
	f.tenant, f.clearing = w.Tenant(t, tenant.Tenant{Slug: "sn", Name: "Freistaat Sachsen", Hosts: []string{"127.0.0.1"}})
	caseworktest.ImportProcedure(t, db, caseworktest.Procedure{ID: "fvtest", TitleDE: "Fachverfahrenstest", TitleEN: "Specialised system test"})
	check(t, db.Writer().QueryRowContext(bg(), `INSERT INTO authority (tenant_id, authority_key, name, updated_at)
		VALUES ($1, 'other', 'Landratsamt Anderswo', $2) RETURNING id`, f.tenant, time.Now().UTC()).Scan(&f.other))
	in, err := integration.New(integration.Deps{DB: db, Cases: f.cases, Mailbox: w.Mailbox})
	check(t, err)
	tenants, err := tenant.NewResolver(bg(), db)
	check(t, err)
	srv, err := web.New(web.Deps{Log: f.log, Ready: db.Ping, Tenants: tenants})
	check(t, err)
	jsonAPI := api.New(api.Deps{Log: f.log, DB: db, Tenants: tenants, Integration: in, Limiter: apiclient.NewLimiter(nil)})
	hs := httptest.NewServer(srv.WithAPI(jsonAPI.Handler()))
	t.Cleanup(hs.Close)
	f.url = hs.URL
	f.staff = w.Admin(t, f.tenant, "Adam Admin") // head of unit of the clearing office
	f.validator = newValidator(t, f.url)
	return f
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
	return f.w.Submit(t, caseworktest.Submission{TenantID: f.tenant, Procedure: "fvtest",
		Name: fmt.Sprintf("Antragsteller %d", f.seq), Staff: f.staff}).Case
}

// client creates an API client.
func (f *fx) client(t *testing.T, authority int64, rate int, webhook string, scopes ...apiclient.Scope) apiclient.Created {
	t.Helper()
	c, err := apiclient.Create(bg(), f.db, "test", apiclient.New{TenantID: f.tenant, AuthorityID: authority,
		Name: "Fachverfahren", Scopes: scopes, RatePerMin: rate, WebhookURL: webhook, WebhookAllow: []string{"127.0.0.1"}, Secrets: blobtest.Keys(t, f.db)})
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
