package zustelltest_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/amtsweg/amtsweg/internal/fitconnect/zustelltest"
)

// TestEventVerification: the simulator takes a subscriber's event only
// when it is signed with the destination's registered signature key and
// names the submission, case and destination — as the Submission Service
// does — so the subscriber's tests cannot pass with a wrong SET.
func TestEventVerification(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	enc, _ := rsa.GenerateKey(rand.Reader, 2048)
	sig, _ := rsa.GenerateKey(rand.Reader, 2048)
	other, _ := rsa.GenerateKey(rand.Reader, 2048)
	s := zustelltest.New(t)
	const dest = "0d9c8b7a-6f5e-4d3c-8b2a-190817161514"
	jwks, _ := json.Marshal(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{
		{Key: &enc.PublicKey, KeyID: "enc1", Algorithm: "RSA-OAEP-256", Use: "enc"},
		{Key: &sig.PublicKey, KeyID: "sig1", Algorithm: "PS512", Use: "sig"}}})
	if err := s.AddDestination(dest, jwks); err != nil {
		t.Fatal(err)
	}
	snd := s.NewSender(ctx)
	key, err := snd.Key(ctx, dest, "enc1")
	if err != nil {
		t.Fatal(err)
	}
	c, err := snd.Create(ctx, dest, "urn:de:fim:leika:leistung:99050012104000", "Test", nil)
	if err != nil {
		t.Fatal(err)
	}
	md, _ := zustelltest.Encrypt(key, []byte(`{"contentStructure":{"attachments":[]}}`), "application/json", false)
	if err := snd.Submit(ctx, c.SubmissionID, md, ""); err != nil {
		t.Fatal(err)
	}
	tags := map[string]any{"authenticationTags": map[string]any{"metadata": md[strings.LastIndex(md, ".")+1:], "data": "", "attachments": map[string]string{}}}
	payload := tags
	set := func(k *rsa.PrivateKey, kid, sub, iss string) string {
		body, _ := json.Marshal(map[string]any{"$schema": "https://schema.fitko.de/fit-connect/set-payload/1.0.0/set-payload.schema.json",
			"jti": "5b0c2c3e-1f0d-4c5a-9a61-5d2b7c9e8f10", "iss": iss, "iat": time.Now().Unix(), "sub": "submission:" + sub,
			"txn": "case:" + c.CaseID, "events": map[string]any{"https://schema.fitko.de/fit-connect/events/accept-submission": payload}})
		signer, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.PS512, Key: jose.JSONWebKey{Key: k, KeyID: kid}},
			(&jose.SignerOptions{}).WithType("secevent+jwt"))
		jws, _ := signer.Sign(body)
		out, _ := jws.CompactSerialize()
		return out
	}
	post := func(body string) int {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"/v1/cases/"+c.CaseID+"/events", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/jose")
		resp, err := subscriberClient(t, s).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for name, body := range map[string]string{
		"other key":         set(other, "sig1", c.SubmissionID, dest),
		"other kid":         set(sig, "sig2", c.SubmissionID, dest),
		"other destination": set(sig, "sig1", c.SubmissionID, "11111111-2222-4333-8444-555555555555"),
		"other submission":  set(sig, "sig1", "99999999-2222-4333-8444-555555555555", dest),
	} {
		if code := post(body); code != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", name, code)
		}
	}
	// With a $schema the event carries its payload (FITKO, "SET
	// Erzeugung"): the authentication tags of exactly what was sent.
	for name, p := range map[string]map[string]any{
		"no payload": {},
		"other tags": {"authenticationTags": map[string]any{"metadata": "AAAA", "data": "", "attachments": map[string]string{}}},
	} {
		payload = p
		if code := post(set(sig, "sig1", c.SubmissionID, dest)); code != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", name, code)
		}
	}
	payload = tags
	if s.Status(c.SubmissionID) != "submitted" || len(s.Events(c.CaseID)) != 0 {
		t.Fatal("a refused event changed the submission")
	}
	if code := post(set(sig, "sig1", c.SubmissionID, dest)); code != http.StatusNoContent {
		t.Fatalf("valid event: status %d", code)
	}
	if s.Status(c.SubmissionID) != "accepted" || len(s.Events(c.CaseID)) != 1 {
		t.Fatal("the valid event was not taken")
	}
	// The event log is paged as the Submission API pages it (limit ≤ 500).
	get := func(query string) (int, map[string]any) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"/v1/cases/"+c.CaseID+"/events"+query, nil)
		resp, err := subscriberClient(t, s).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var out map[string]any
		json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	if code, log := get("?offset=0&limit=500"); code != http.StatusOK || log["totalCount"] != 1.0 || len(log["eventLog"].([]any)) != 1 {
		t.Errorf("event log: %d %v", code, log)
	}
	if code, log := get("?offset=1&limit=10"); code != http.StatusOK || log["count"] != 0.0 || log["totalCount"] != 1.0 {
		t.Errorf("event log page 2: %d %v", code, log)
	}
	if code, _ := get("?limit=501"); code != http.StatusBadRequest {
		t.Errorf("limit 501: status %d", code)
	}
}

func subscriberClient(t *testing.T, s *zustelltest.Server) *http.Client {
	t.Helper()
	s.AddClient("sub", "pw")
	req, _ := http.NewRequest(http.MethodPost, s.TokenURL(), strings.NewReader("grant_type=client_credentials&client_id=sub&client_secret=pw"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	json.NewDecoder(resp.Body).Decode(&tok)
	return &http.Client{Transport: bearer{tok.AccessToken}}
}

type bearer struct{ token string }

func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return http.DefaultTransport.RoundTrip(r)
}
