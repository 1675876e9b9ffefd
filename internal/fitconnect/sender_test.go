package fitconnect_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"sigs.k8s.io/yaml"

	"github.com/amtsweg/amtsweg/internal/app"
	"github.com/amtsweg/amtsweg/internal/app/apptest"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/refdata"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// In the demo data the Meldebehörde of Chemnitz is responsible for this
// service there.
const (
	leika       = "99115005104000"
	chemnitzARS = "145110000000"
	chemnitzAGS = "14511000"
)

// startApp runs the whole portal (demo data, job workers, FIT-Connect
// dispatcher) on dsn and a free port of 127.0.0.1.
func startApp(t *testing.T, dsn string) (*app.App, string) {
	t.Helper()
	cfg := apptest.Config(t)
	cfg.DatabaseURL, cfg.Jobs = dsn, true
	a := apptest.Start(t, cfg, slog.LevelWarn)
	return a, a.URL()
}

// get fetches url and returns the status, the content type and the body.
func get(t *testing.T, url, bearer string) (int, string, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), "GET", url, nil)
	check(t, err)
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	res, err := http.DefaultClient.Do(req)
	check(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	check(t, err)
	return res.StatusCode, res.Header.Get("Content-Type"), raw
}

// getOK fetches url, wants 200 and decodes the body into out.
func getOK(t *testing.T, url, bearer string, out any) []byte {
	t.Helper()
	status, _, raw := get(t, url, bearer)
	if status != http.StatusOK {
		t.Fatalf("GET %s: %d: %s", url, status, raw)
	}
	if out != nil {
		check(t, json.Unmarshal(raw, out))
	}
	return raw
}

// routingSchema compiles one schema of the Routing API's OpenAPI document
// (components/schemas/<name>), with formats asserted.
func routingSchema(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	spec, err := refdata.FitConnect.ReadFile("fitconnect/routing-api.yaml")
	check(t, err)
	js, err := yaml.YAMLToJSON(spec)
	check(t, err)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	check(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	check(t, c.AddResource("routing-api.json", doc))
	sch, err := c.Compile("routing-api.json#/components/schemas/" + name)
	check(t, err)
	return sch
}

// conform checks raw against the Routing API's schema name.
func conform(t *testing.T, name string, raw []byte) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	check(t, err)
	if err := routingSchema(t, name).Validate(v); err != nil {
		t.Errorf("not a Routing API %s: %v\n%s", name, err, raw)
	}
}

// TestSenderEndToEnd is what a FIT-Connect sender (Onlinedienst) sees of
// amtsweg on both engines: the routing answer by ags, ars and areaId,
// valid against the Routing API 2.0 schemas, whose destinationSignature
// and destinationParametersSignature verify with the published JWKS as a
// sender SDK verifies them (go-jose, PS512); and the submission sealed
// for an application of a FIM procedure, opened with the authority's
// private key as a subscriber SDK does: a UUID caseId, the FIM schema
// URI, data keyed by FIM element ids with the upload's attachmentId, and
// the form PDF as the attachment with purpose "form".
func TestSenderEndToEnd(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			a, base := startApp(t, storetest.DSN(t, d))
			tn, err := tenant.BySlug(t.Context(), a.DB, "sn")
			check(t, err)
			auth, err := catalog.NewFinder(a.DB).Find(t.Context(), tn.ID, leika, chemnitzARS, catalog.AudienceCitizens)
			check(t, err)
			w := &sender{t: t, a: a, base: base, tenant: tn.ID, authority: auth.ID}
			w.routing()
			w.rotation()
			w.submission()
		})
	}
}

// sender is one run of TestSenderEndToEnd.
type sender struct {
	t         *testing.T
	a         *app.App
	base      string
	tenant    tenant.ID
	authority int64
	destID    string
}

// submitFIM has a guest apply for the FIM procedure in Chemnitz with an
// upload in a group and two entries of a repeatable group.
func (w *sender) submitFIM(pdf []byte) string {
	t := w.t
	ctx := t.Context()
	svc, err := apply.New(apply.Deps{DB: w.a.DB, Blobs: w.a.Blobs, Jobs: w.a.Jobs, Finder: catalog.NewFinder(w.a.DB),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	check(t, err)
	owner := apply.GuestOwner(w.tenant, "")
	ap, sec, err := svc.Start(ctx, apply.StartInput{TenantID: w.tenant, ProcedureID: "fc-fim", Owner: owner})
	check(t, err)
	owner.Secret = sec
	_, err = svc.SavePage(ctx, ap.ID, owner, "p", map[string]any{"name": "Muster", "gemeinde": chemnitzARS,
		"person": map[string]any{"vorname": "Erika"}, "kinder": []any{map[string]any{"kname": "Max"}, map[string]any{"kname": "Moritz"}}})
	check(t, err)
	_, err = svc.Upload(ctx, ap.ID, owner, "person.nachweis", "Nachweis.pdf", "application/pdf", bytes.NewReader(pdf))
	check(t, err)
	rc, err := svc.Submit(ctx, ap.ID, owner, "fc-sender")
	check(t, err)
	return rc.Reference
}

func check(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// jwksURL is where a sender fetches the keys of iss: <iss>/.well-known/jwks.json,
// on the test's listener (the answer names the tenant's host over https).
func (w *sender) jwksURL(iss string) string {
	u, err := url.Parse(iss)
	check(w.t, err)
	return w.base + u.Path + "/.well-known/jwks.json"
}
