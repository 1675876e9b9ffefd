package demoidp

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/sso"
)

// Prefix is the provider's path on the portal; the login page is
// LoginPath below it.
const (
	Prefix    = "/demo-eid"
	LoginPath = Prefix + "/anmelden"
)

// The acr values of the three levels: the eIDAS levels of assurance, as
// German eID services name them.
const (
	ACRLow         = "http://eidas.europa.eu/LoA/low"
	ACRSubstantial = "http://eidas.europa.eu/LoA/substantial"
	ACRHigh        = "http://eidas.europa.eu/LoA/high"
)

// acrs maps the levels to their acr values, weakest first.
var acrs = []sso.ACR{{Value: ACRLow, Level: account.LevelLow},
	{Value: ACRSubstantial, Level: account.LevelSubstantial}, {Value: ACRHigh, Level: account.LevelHigh}}

// clientID is the portal's client id at the demo provider.
const clientID = "amtsweg-portal"

// Provider is the running demo eID.
type Provider struct {
	issuer  string
	op      *op.Provider
	store   *storage
	handler http.Handler
}

// New makes the provider with issuer (the portal's public URL plus
// Prefix); redirectPath is the portal's OIDC callback path.
func New(issuer, redirectPath string) (*Provider, error) {
	key, err := newSigningKey()
	if err != nil {
		return nil, err
	}
	c := &client{id: clientID, secret: rand.Text(), redirectPath: redirectPath, loginPath: LoginPath}
	p := &Provider{issuer: strings.TrimRight(issuer, "/"), store: newStorage(c, key)}
	cfg := &op.Config{CryptoKey: sha256.Sum256([]byte(rand.Text())), CodeMethodS256: true,
		SupportedUILocales: []language.Tag{language.German, language.English},
		SupportedScopes:    []string{"openid", "profile", "email", "address"}}
	p.op, err = op.NewProvider(cfg, p.store, op.StaticIssuer(p.issuer), op.WithAllowInsecure())
	if err != nil {
		return nil, fmt.Errorf("demo eID: %w", err)
	}
	p.handler = http.StripPrefix(Prefix, sameHost(p.op))
	return p, nil
}

// Handler serves the provider's protocol endpoints under Prefix
// (discovery, authorize, token, keys, userinfo); the login page is the
// portal's (package web/account).
func (p *Provider) Handler() http.Handler { return p.handler }

// SSOConfig is the portal's configuration for logging in here.
func (p *Provider) SSOConfig() sso.Config {
	var m []string
	for _, a := range acrs {
		m = append(m, a.Value+"="+a.Level.String())
	}
	return sso.Config{Issuer: p.issuer, ClientID: clientID, ClientSecret: p.store.client.secret,
		ACRMap: strings.Join(m, ","), LevelClaim: "acr", Name: "Demo-eID", PortalHosted: true}
}

// Client is the HTTP client for the portal's back channel: it never
// leaves the process (Transport).
func (p *Provider) Client() *http.Client {
	return &http.Client{Transport: Transport{Issuer: p.issuer, Handler: p.handler}}
}

// sameHost lets an authorization request through only when its
// redirect_uri is on the host the request came to: the portal on that
// host, so the code never goes to a host the visitor did not use.
func sameHost(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/authorize") && !strings.HasPrefix(r.URL.Path, "/authorize/") {
			u, err := url.Parse(r.FormValue("redirect_uri"))
			if err != nil || !strings.EqualFold(u.Host, r.Host) {
				http.Error(w, "redirect_uri must be on this host", http.StatusBadRequest)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// Login is what the login page shows for one authorization request.
type Login struct {
	ID string
	// Level is the weakest level the portal asked for (acr_values); Low
	// when it asked for none.
	Level account.Level
}

// Login returns the live authorization request id.
func (p *Provider) Login(id string) (Login, error) {
	r, err := p.store.request(id)
	if err != nil {
		return Login{}, fault.New(fault.NotFound, "the demo eID login has expired; please start again at the portal")
	}
	l := Login{ID: r.id, Level: account.LevelLow}
	for _, a := range acrs { // weakest first: the first one asked for
		if slices.Contains(r.in.ACRValues, a.Value) {
			l.Level = a.Level
			break
		}
	}
	return l, nil
}

// Complete logs the request id in as the test person subject at level
// and returns the path that finishes the authorization (the OP's
// callback, which sends the code to the portal).
func (p *Provider) Complete(_ context.Context, id, subject string, level account.Level) (string, error) {
	if _, ok := person(subject); !ok {
		return "", fault.New(fault.Invalid, "unknown test person")
	}
	acr := ""
	for _, a := range acrs {
		if a.Level == level {
			acr = a.Value
		}
	}
	if acr == "" {
		return "", fault.New(fault.Invalid, "unknown level")
	}
	if _, err := p.store.complete(id, subject, acr); err != nil {
		return "", fault.Wrap(err, fault.NotFound, "the demo eID login has expired; please start again at the portal")
	}
	return Prefix + "/authorize/callback?id=" + url.QueryEscape(id), nil
}
