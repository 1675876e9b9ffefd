// Package ssotest runs a real OpenID Connect provider for tests: the OP of
// github.com/zitadel/oidc (pkg/op) over real HTTP on 127.0.0.1, with the
// in-memory storage of its example server wrapped so that ID tokens carry
// the authentication context class (acr) the login chose. The login step
// is a plain HTML form the test fills (with an HTTP client or in
// Chromium): user name, password and the method (acr), which defaults to
// the first (weakest) method the portal asked for in acr_values, else the
// low one. A test may choose a method the portal did not ask for, as a
// person who could not use their ID card would.
package ssotest

import (
	"crypto/sha256"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/zitadel/oidc/v3/example/server/storage"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"

	"github.com/amtsweg/amtsweg/internal/sso"
)

// The levels the provider's methods stand for; ACRMap maps them for the
// portal.
const (
	ACRLow         = "urn:test:loa:low"
	ACRSubstantial = "urn:test:loa:substantial"
	ACRHigh        = "urn:test:loa:high"
	// ACRMap is the --oidc-acr-map value for these methods.
	ACRMap = ACRLow + "=low," + ACRSubstantial + "=substantial," + ACRHigh + "=high"
)

// ClientID and ClientSecret are the portal's registration at the provider;
// it accepts any redirect URI on 127.0.0.1 ending in RedirectPath.
const (
	ClientID     = "amtsweg"
	ClientSecret = "test-secret"
	RedirectPath = "/anmelden/oidc/antwort"
)

// User is a person who can log in at the provider.
type User struct {
	Subject       string
	Username      string
	Password      string
	GivenName     string
	FamilyName    string
	Email         string
	EmailVerified bool
}

// Provider is a running provider.
type Provider struct {
	// URL is the issuer, "http://127.0.0.1:PORT".
	URL     string
	store   *acrStorage
	users   *userStore
	op      *op.Provider
	srv     *httptest.Server
	methods []string
}

// Start runs a provider knowing users until the test ends.
func Start(t testing.TB, users ...User) *Provider {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	srv.Start()
	t.Cleanup(srv.Close)
	p := &Provider{URL: srv.URL, srv: srv, methods: []string{ACRLow, ACRSubstantial, ACRHigh}}
	client := storage.WebClient(ClientID, ClientSecret, "http://127.0.0.1"+RedirectPath)
	p.users = newUserStore(users)
	p.store = newACRStorage(storage.NewStorageWithClients(p.users, map[string]*storage.Client{ClientID: client}))
	cfg := &op.Config{CryptoKey: sha256.Sum256([]byte("ssotest")), CodeMethodS256: true, AuthMethodPost: true,
		SupportedUILocales: []language.Tag{language.German, language.English}}
	var err error
	p.op, err = op.NewProvider(cfg, p.store, op.StaticIssuer(p.URL), op.WithAllowInsecure())
	if err != nil {
		t.Fatalf("oidc provider: %v", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/login/", op.NewIssuerInterceptor(p.op.IssuerFromRequest).Handler(http.HandlerFunc(p.login)))
	mux.Handle("/", p.op)
	srv.Config.Handler = mux
	return p
}

// Config is the portal's configuration for this provider.
func (p *Provider) Config() sso.Config {
	return sso.Config{Issuer: p.URL, ClientID: ClientID, ClientSecret: ClientSecret, ACRMap: ACRMap,
		LevelClaim: "acr", Name: "Test-eID"}
}

// Requested returns the acr_values of the latest authorization request,
// as the portal sent them.
func (p *Provider) Requested() []string { return p.store.lastRequested() }

// AddUser lets one more person log in.
func (p *Provider) AddUser(u User) { p.users.add(u) }
