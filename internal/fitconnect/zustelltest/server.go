// Package zustelltest simulates the FIT-Connect Submission Service
// (Zustelldienst) for tests: a third party an operator cannot run, so it
// stands in for it on 127.0.0.1, speaking the Submission API as the
// public SDKs use it — the OAuth 2.0 token endpoint (client credentials),
// the sender's POST/PUT /v1/submissions… and the subscriber's GET
// /v1/submissions…, GET …/attachments/{id} and POST /v1/cases/{id}/events,
// with problem+json errors. It verifies every event it takes as the
// service does: a Security Event Token signed PS512 with the destination's
// registered signature key, typ secevent+jwt, iss the destination, sub
// and txn naming the submission and case, for a submission that waits
// for its subscriber; a decided submission leaves the list.
package zustelltest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/go-jose/go-jose/v4"
)

// Server is a running simulator.
type Server struct {
	URL string // base URL, without /v1
	srv *httptest.Server

	mu           sync.Mutex
	clients      map[string]string // client id → secret
	tokens       map[string]string // access token → client id
	destinations map[string]*destination
	submissions  map[string]*submission
	events       map[string][]string // case id → SETs
	order        []string            // submission ids in creation order
	failEvents   int                 // the next so many events are answered 503
}

type destination struct {
	id       string
	enc, sig jose.JSONWebKey // public
}

type submission struct {
	ID, Destination, CaseID string
	ServiceType             map[string]string
	Announced               []string
	Attachments             map[string]string
	Metadata, Data          string
	Status                  string // created, submitted, accepted, rejected
}

// New starts a simulator on 127.0.0.1; it stops with the test.
func New(t testing.TB) *Server {
	s := &Server{clients: map[string]string{}, tokens: map[string]string{}, destinations: map[string]*destination{},
		submissions: map[string]*submission{}, events: map[string][]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", s.token)
	mux.HandleFunc("GET /v1/destinations/{id}/keys/{kid}", s.auth(s.destinationKey))
	mux.HandleFunc("POST /v1/submissions", s.auth(s.create))
	mux.HandleFunc("PUT /v1/submissions/{id}/attachments/{aid}", s.auth(s.upload))
	mux.HandleFunc("PUT /v1/submissions/{id}", s.auth(s.submit))
	mux.HandleFunc("GET /v1/submissions", s.auth(s.list))
	mux.HandleFunc("GET /v1/submissions/{id}", s.auth(s.get))
	mux.HandleFunc("GET /v1/submissions/{id}/attachments/{aid}", s.auth(s.attachment))
	mux.HandleFunc("GET /v1/cases/{id}/events", s.auth(s.eventLog))
	mux.HandleFunc("POST /v1/cases/{id}/events", s.auth(s.postEvent))
	s.srv = httptest.NewServer(mux) // listens on 127.0.0.1
	s.URL = s.srv.URL
	t.Cleanup(s.srv.Close)
	return s
}

// TokenURL is the OAuth 2.0 token endpoint.
func (s *Server) TokenURL() string { return s.URL + "/token" }

// AddClient registers an API client (sender or subscriber).
func (s *Server) AddClient(id, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients[id] = secret
}

// AddDestination registers destination id with its public JWK set (the
// encryption key with key_ops wrapKey or use enc, the signature key with
// verify or use sig), as the self-service portal does.
func (s *Server) AddDestination(id string, jwks []byte) error {
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(jwks, &set); err != nil {
		return fmt.Errorf("zustelltest: JWK set: %w", err)
	}
	d := &destination{id: id}
	for _, k := range set.Keys {
		if !k.IsPublic() {
			return fmt.Errorf("zustelltest: key %s is not public", k.KeyID)
		}
		switch k.Use {
		case "enc":
			d.enc = k
		case "sig":
			d.sig = k
		}
	}
	if d.enc.Key == nil || d.sig.Key == nil {
		return fmt.Errorf("zustelltest: destination %s needs an encryption and a signature key", id)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.destinations[id] = d
	return nil
}

// Events returns the event log (SETs) of case id.
func (s *Server) Events(caseID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.events[caseID]...)
}

// FailNextEvents makes the service answer the next n events with 503
// Service Unavailable, as an outage would.
func (s *Server) FailNextEvents(n int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.failEvents = n
}

// Status returns the state of submission id ("" for none).
func (s *Server) Status(id string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if x := s.submissions[id]; x != nil {
		return x.Status
	}
	return ""
}

// token is the client credentials grant (RFC 6749 4.4), credentials in
// the Authorization header or the form.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "unsupported_grant_type"})
		return
	}
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if want, known := s.clients[id]; !known || want != secret || secret == "" {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client"})
		return
	}
	tok := randomHex(32)
	s.tokens[tok] = id
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "token_type": "Bearer", "expires_in": 1800})
}

// auth lets requests with a token from the token endpoint through.
func (s *Server) auth(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		tok, ok := cutBearer(r.Header.Get("Authorization"))
		s.mu.Lock()
		_, known := s.tokens[tok]
		s.mu.Unlock()
		if !ok || !known {
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
			problem(w, http.StatusUnauthorized, "unauthorized", "a valid access token is required")
			return
		}
		h(w, r)
	}
}

func cutBearer(h string) (string, bool) {
	const p = "Bearer "
	if len(h) <= len(p) || h[:len(p)] != p {
		return "", false
	}
	return h[len(p):], true
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// problem answers with an RFC 7807 problem of the Submission API.
func problem(w http.ResponseWriter, status int, name, detail string) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"type": "https://schema.fitko.de/fit-connect/submission-api/problems/" + name,
		"title": http.StatusText(status), "status": status, "detail": detail})
}
