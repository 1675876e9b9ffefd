package main

import (
	"bytes"
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/app"
	"github.com/amtsweg/amtsweg/internal/app/apptest"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/fitconnect"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/refdata"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// The Meldebehörde of Chemnitz is responsible for this service there in
// the demo data.
const (
	leika    = "99115005104000"
	chemnitz = "145110000000"
	secret   = "Geheimnis-Müller-4711" // an answer that must never be stored in clear by fitconnect
)

const testProcedure = `id: fc-test
version: 1
title: {de: "FIT-Connect-Test", en: "FIT-Connect test"}
leika: ["99115005104000"]
assurance: low
guest: true
deadline: P1M
retention: P1Y
pages:
  - id: p
    title: {de: Angaben, en: Details}
    fields:
      - {id: name, type: short_text, label: {de: Name, en: Name}, required: true}
      - {id: gemeinde, type: place, label: {de: Gemeinde, en: Municipality}, required: true}
      - {id: nachweis, type: file, label: {de: Nachweis, en: Proof}, required: true, media_types: [application/pdf]}
`

// TestEndToEnd runs the real app (demo data, jobs on) on each engine, has
// an application with an attachment submitted for Chemnitz, and lets the
// example client receive, decrypt, verify, acknowledge and decide it.
func TestEndToEnd(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) { endToEnd(t, d) })
	}
}

func endToEnd(t *testing.T, d store.Dialect) {
	ctx := t.Context()
	a, base := startApp(t, storetest.DSN(t, d))
	tn, err := tenant.BySlug(ctx, a.DB, "sn")
	check(t, err)
	_, err = procedure.Import(ctx, a.DB, []byte(testProcedure), "fc-test.yaml")
	check(t, err)
	finder := catalog.NewFinder(a.DB)
	auth, err := finder.Find(ctx, tn.ID, leika, chemnitz, catalog.AudienceCitizens)
	check(t, err)

	// Keys: small, signature and private keys are refused; 4096 bits is taken.
	priv := rsaKey(t, 4096)
	for name, raw := range map[string][]byte{
		"2048 bits": jwk(t, &rsaKey(t, 2048).PublicKey, "RSA-OAEP-256", "enc"),
		"sig use":   jwk(t, &priv.PublicKey, "RSA-OAEP-256", "sig"),
		"wrong alg": jwk(t, &priv.PublicKey, "RS256", ""),
		"private":   jwk(t, priv, "RSA-OAEP-256", "enc"),
	} {
		if _, err := fitconnect.RegisterKey(ctx, a.DB, "test", tn.ID, auth.ID, raw); !fault.Is(err, fault.Invalid) {
			t.Errorf("%s: got %v, want a refusal", name, err)
		}
	}
	key, err := fitconnect.RegisterKey(ctx, a.DB, "test", tn.ID, auth.ID, jwk(t, &priv.PublicKey, "RSA-OAEP-256", "enc"))
	check(t, err)
	c, err := apiclient.Create(ctx, a.DB, "test", apiclient.New{TenantID: tn.ID, AuthorityID: auth.ID, Name: "Fachverfahren Melde",
		Scopes: []apiclient.Scope{apiclient.SubmissionsRead, apiclient.SubmissionsAck, apiclient.CasesWrite}, Secrets: a.Keys})
	check(t, err)
	hooks := listenHooks(t, a, tn.ID, auth.ID)

	// Routing answer.
	var routes fitconnect.RouteResult
	getJSON(t, base+"/api/v1/fitconnect/routes?leikaKey="+leika+"&ars="+chemnitz, 200, &routes)
	if routes.Count != 1 || routes.Routes[0].DestinationID != key.DestinationID ||
		routes.Routes[0].DestinationParameters.EncryptionKid != key.KeyID || routes.Routes[0].DestinationName != auth.Name {
		t.Fatalf("routes %+v", routes)
	}
	getJSON(t, base+"/api/v1/fitconnect/routes?leikaKey="+leika+"&ars=146120000000", 200, &routes) // Dresden: no key there
	if routes.Count != 0 || len(routes.Routes) != 0 {
		t.Fatalf("routes without a key: %+v", routes)
	}
	getJSON(t, base+"/api/v1/fitconnect/routes?leikaKey=123&ars="+chemnitz, 400, nil) // as the Routing API answers bad parameters

	// The applicant submits with an attachment.
	pdf := append([]byte("%PDF-1.7\n"), bytes.Repeat([]byte("Nachweis "), 500)...)
	caseRef := submit(t, a, tn.ID, pdf)

	// The specialised system receives it.
	fv := &Client{BaseURL: base, APIKey: c.APIKey, Key: priv,
		Decide: func(Received) (string, []byte) { return "approved", []byte("%PDF-1.4\n% Bescheid\n") }}
	var got []Received
	deadline := time.Now().Add(60 * time.Second)
	for len(got) == 0 && time.Now().Before(deadline) {
		got, err = fv.Poll(ctx)
		check(t, err)
		time.Sleep(200 * time.Millisecond)
	}
	if len(got) != 1 {
		t.Fatalf("received %d submissions, want 1", len(got))
	}
	r := got[0]
	validateMetadata(t, r.MetadataJSON)
	if r.Metadata.PublicServiceType.Identifier != "urn:de:fim:leika:leistung:"+leika {
		t.Errorf("service %q", r.Metadata.PublicServiceType.Identifier)
	}
	var data map[string]any
	check(t, json.Unmarshal(r.Data, &data))
	if data["name"] != secret || data["gemeinde"] != chemnitz {
		t.Errorf("data %v", data)
	}
	// The application form (the receipt PDF, purpose "form") comes first, then the upload.
	if len(r.Attachments) != 2 || !bytes.HasPrefix(r.Attachments[0].Content, []byte("%PDF-")) ||
		!bytes.Equal(r.Attachments[1].Content, pdf) || r.Attachments[1].MimeType != "application/pdf" {
		t.Fatalf("attachments %+v", r.Attachments)
	}
	if !strings.Contains(string(r.MetadataJSON), caseRef) {
		t.Errorf("metadata lacks the reference %s: %s", caseRef, r.MetadataJSON)
	}

	// Acknowledged, reviewed and decided through the integration API.
	var sub struct {
		AcknowledgedAt *time.Time `json:"acknowledgedAt"`
		Status         string     `json:"status"`
	}
	getJSONAuth(t, base+"/api/v1/submissions/"+strconv.FormatInt(r.CaseID, 10), c.APIKey, 200, &sub)
	if sub.AcknowledgedAt == nil || sub.Status != "decided" {
		t.Errorf("after the client: %+v", sub)
	}
	if again, err := fv.Poll(ctx); err != nil || len(again) != 0 {
		t.Errorf("second poll: %d, %v", len(again), err)
	}

	// The webhook receiver verified and parsed the case's events.
	routed := hooks.await(t, "de.amtsweg.case.routed", caseRef)
	decided := hooks.await(t, "de.amtsweg.case.decided", caseRef)
	var hookData struct {
		CaseID int64 `json:"caseId"`
		Data   struct {
			Outcome string `json:"outcome"`
		} `json:"data"`
	}
	check(t, decided.DataAs(&hookData))
	if hookData.CaseID != r.CaseID || hookData.Data.Outcome != "approved" || routed.Source() != base || routed.ID() == decided.ID() {
		t.Errorf("webhook events %s / %s, data %+v", routed, decided, hookData)
	}
	hooks.refuses(t)

	// Another authority's client sees nothing of it.
	other, err := apiclient.Create(ctx, a.DB, "test", apiclient.New{TenantID: tn.ID, AuthorityID: otherAuthority(t, a.DB, tn.ID, auth.ID),
		Name: "Andere", Scopes: []apiclient.Scope{apiclient.SubmissionsRead}, Secrets: a.Keys})
	check(t, err)
	getJSONAuth(t, base+"/api/v1/fitconnect/submissions/"+r.SubmissionID, other.APIKey, 404, nil)
	getJSONAuth(t, base+"/api/v1/fitconnect/submissions/"+r.SubmissionID+"/attachments/"+r.Attachments[0].ID, other.APIKey, 404, nil)

	// The stored copy is ciphertext only.
	noPlaintext(t, a.DB, r.SubmissionID)
}

// noPlaintext checks that fitconnect's tables hold five-part JWEs that do
// not contain an answer, a hash from the metadata or the attachment text.
func noPlaintext(t *testing.T, db *store.DB, id string) {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), `SELECT metadata_jwe FROM fitconnect_submission WHERE id = $1
		UNION ALL SELECT data_jwe FROM fitconnect_submission WHERE id = $1
		UNION ALL SELECT jwe FROM fitconnect_attachment WHERE submission_id = $1`, id)
	check(t, err)
	defer rows.Close()
	n := 0
	for rows.Next() {
		var s string
		check(t, rows.Scan(&s))
		n++
		if strings.Count(s, ".") != 4 || strings.Contains(s, secret) || strings.Contains(s, "Nachweis") || strings.Contains(s, "sha512") {
			t.Errorf("stored value is not just a JWE: %.80s", s)
		}
	}
	check(t, rows.Err())
	if n != 4 { // metadata, data, the form PDF and the upload
		t.Errorf("%d stored JWEs, want 4", n)
	}
}

func validateMetadata(t *testing.T, raw []byte) {
	t.Helper()
	schema, err := refdata.FitConnect.ReadFile("fitconnect/metadata.schema.v1.0.0.json")
	check(t, err)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	check(t, err)
	comp := jsonschema.NewCompiler()
	comp.AssertFormat()
	check(t, comp.AddResource("metadata.schema.json", doc))
	sch, err := comp.Compile("metadata.schema.json")
	check(t, err)
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	check(t, err)
	if err := sch.Validate(v); err != nil {
		t.Fatalf("metadata does not validate: %v\n%s", err, raw)
	}
}

func startApp(t *testing.T, dsn string) (*app.App, string) {
	t.Helper()
	cfg := apptest.Config(t)
	cfg.DatabaseURL, cfg.Jobs = dsn, true
	cfg.WebhookAllow = []string{"127.0.0.1"}
	a := apptest.Start(t, cfg, slog.LevelWarn)
	return a, a.URL()
}

// submit has a guest apply in Chemnitz with pdf and returns the reference.
func submit(t *testing.T, a *app.App, tenantID tenant.ID, pdf []byte) string {
	t.Helper()
	ctx := t.Context()
	svc, err := apply.New(apply.Deps{DB: a.DB, Blobs: a.Blobs, Jobs: a.Jobs, Finder: catalog.NewFinder(a.DB),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	check(t, err)
	owner := apply.GuestOwner(tenantID, "")
	app, sec, err := svc.Start(ctx, apply.StartInput{TenantID: tenantID, ProcedureID: "fc-test", Owner: owner})
	check(t, err)
	owner.Secret = sec
	_, err = svc.SavePage(ctx, app.ID, owner, "p", map[string]any{"name": secret, "gemeinde": chemnitz})
	check(t, err)
	_, err = svc.Upload(ctx, app.ID, owner, "nachweis", "Nachweis.pdf", "application/pdf", bytes.NewReader(pdf))
	check(t, err)
	rc, err := svc.Submit(ctx, app.ID, owner, "fc-e2e")
	check(t, err)
	return rc.Reference
}

func otherAuthority(t *testing.T, db *store.DB, tenantID tenant.ID, not int64) int64 {
	var id int64
	check(t, db.QueryRowContext(t.Context(), `SELECT id FROM authority WHERE tenant_id = $1 AND id <> $2 ORDER BY id LIMIT 1`,
		tenantID, not).Scan(&id))
	return id
}

func rsaKey(t *testing.T, bits int) *rsa.PrivateKey {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, bits)
	check(t, err)
	return k
}

func jwk(t *testing.T, key any, alg, use string) []byte {
	t.Helper()
	b, err := jose.JSONWebKey{Key: key, Algorithm: alg, Use: use}.MarshalJSON()
	check(t, err)
	return b
}

func getJSON(t *testing.T, url string, status int, out any) { getJSONAuth(t, url, "", status, out) }

func getJSONAuth(t *testing.T, url, bearer string, status int, out any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), "GET", url, nil)
	check(t, err)
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	res, err := http.DefaultClient.Do(req)
	check(t, err)
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != status {
		t.Fatalf("GET %s: %d, want %d: %s", url, res.StatusCode, status, raw)
	}
	if out != nil {
		check(t, json.Unmarshal(raw, out))
	}
}

func check(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
