package sso

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// Provider is a configured OpenID Connect provider. Discovery happens at
// the first login, not at start-up, so a provider that is down does not
// keep the portal from starting; a failed discovery is retried at the
// next login.
type Provider struct {
	cfg    Config
	acrs   []ACR
	client *http.Client

	mu       sync.Mutex
	provider *oidc.Provider
}

// New returns the provider cfg describes; client makes its back-channel
// requests (nil: a client with a 15-second timeout).
func New(cfg Config, client *http.Client) (*Provider, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	acrs, _ := ParseACRMap(cfg.ACRMap)
	if cfg.LevelClaim == "" {
		cfg.LevelClaim = "acr"
	}
	if cfg.Name == "" {
		cfg.Name = "eID"
	}
	if client == nil {
		client = &http.Client{Timeout: 15 * time.Second}
	}
	return &Provider{cfg: cfg, acrs: acrs, client: client}, nil
}

// Name is the provider's display name.
func (p *Provider) Name() string { return p.cfg.Name }

func (p *Provider) discover(ctx context.Context) (*oidc.Provider, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.provider != nil {
		return p.provider, nil
	}
	op, err := oidc.NewProvider(oidc.ClientContext(ctx, p.client), p.cfg.Issuer)
	if err != nil {
		return nil, fault.Wrap(err, fault.Unavailable, "the identity provider cannot be reached")
	}
	p.provider = op
	return op, nil
}

func (p *Provider) oauth(op *oidc.Provider, redirectURL string) *oauth2.Config {
	return &oauth2.Config{ClientID: p.cfg.ClientID, ClientSecret: p.cfg.ClientSecret, Endpoint: op.Endpoint(),
		RedirectURL: redirectURL, Scopes: []string{oidc.ScopeOpenID, "email", "profile"}}
}

// Flow is the state of one login between the redirect to the provider and
// the return: the caller keeps it (in a short-lived cookie) and hands it
// back to Finish.
type Flow struct {
	State    string        `json:"s"`
	Nonce    string        `json:"n"`
	Verifier string        `json:"v"`
	Next     string        `json:"x"` // local path to return to
	MinLevel account.Level `json:"l"` // level the login must reach
}

// Begin starts a login that must reach at least minLevel (LevelNone: any)
// and returns its flow and the provider's authorization URL.
func (p *Provider) Begin(ctx context.Context, redirectURL, next string, minLevel account.Level) (Flow, string, error) {
	op, err := p.discover(ctx)
	if err != nil {
		return Flow{}, "", err
	}
	f := Flow{State: random(), Nonce: random(), Verifier: oauth2.GenerateVerifier(), Next: next, MinLevel: minLevel}
	opts := []oauth2.AuthCodeOption{oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier)}
	if minLevel > account.LevelLow {
		if vals := valuesFor(p.acrs, minLevel); len(vals) > 0 {
			opts = append(opts, oauth2.SetAuthURLParam("acr_values", strings.Join(vals, " ")))
		}
	}
	to := p.oauth(op, redirectURL).AuthCodeURL(f.State, opts...)
	if p.cfg.PortalHosted {
		to = onHostOf(to, redirectURL)
	}
	return f, to, nil
}

// PortalHosted reports whether the provider is served by the portal
// itself on every host (Config.PortalHosted).
func (p *Provider) PortalHosted() bool { return p.cfg.PortalHosted }

// onHostOf moves the URL to to the scheme and host of the URL like.
func onHostOf(to, like string) string {
	u, err := url.Parse(to)
	l, lerr := url.Parse(like)
	if err != nil || lerr != nil {
		return to
	}
	u.Scheme, u.Host = l.Scheme, l.Host
	return u.String()
}

// Identity is who the provider says logged in.
type Identity struct {
	Issuer        string
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
	Level         account.Level
}

// ErrLevelTooLow answers a login that did not reach the flow's MinLevel.
var ErrLevelTooLow = fault.New(fault.Forbidden, "the login method does not reach the required assurance level")

// Finish completes the login of f with the state and code the provider
// sent back: it checks the state, redeems the code with the PKCE verifier,
// verifies the ID token (signature, issuer, audience, expiry, nonce),
// maps its level claim and, where the token lacks address or name, asks
// the userinfo endpoint. A login below f.MinLevel is ErrLevelTooLow.
func (p *Provider) Finish(ctx context.Context, f Flow, redirectURL, state, code string) (Identity, error) {
	if f.State == "" || state != f.State {
		return Identity{}, fault.New(fault.Invalid, "the login answer does not belong to this login")
	}
	op, err := p.discover(ctx)
	if err != nil {
		return Identity{}, err
	}
	cctx := oidc.ClientContext(ctx, p.client)
	tok, err := p.oauth(op, redirectURL).Exchange(cctx, code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		return Identity{}, fault.Wrap(err, fault.Unauthorized, "the identity provider did not confirm the login")
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := op.Verifier(&oidc.Config{ClientID: p.cfg.ClientID}).Verify(cctx, raw)
	if err != nil {
		return Identity{}, fault.Wrap(err, fault.Unauthorized, "the identity provider's answer is not valid")
	}
	if idt.Nonce != f.Nonce {
		return Identity{}, fault.New(fault.Unauthorized, "the identity provider's answer is not valid")
	}
	id, err := p.identity(idt)
	if err != nil {
		return id, err
	}
	if id.Email == "" || id.Name == "" {
		if err := p.userInfo(cctx, op, tok, &id); err != nil {
			return Identity{}, err
		}
	}
	if !id.Level.Satisfies(f.MinLevel) {
		return id, ErrLevelTooLow
	}
	return id, nil
}

// userInfo completes id from the provider's userinfo endpoint: many
// providers put address and name only there when they also issue an
// access token (OIDC Core 5.4). The answer must name the same subject
// (OIDC Core 5.3.2). A provider without the endpoint leaves id as it is.
func (p *Provider) userInfo(ctx context.Context, op *oidc.Provider, tok *oauth2.Token, id *Identity) error {
	if op.UserInfoEndpoint() == "" {
		return nil
	}
	ui, err := op.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	if err != nil {
		return fault.Wrap(err, fault.Unauthorized, "the identity provider did not confirm the login")
	}
	if ui.Subject != id.Subject {
		return fault.New(fault.Unauthorized, "the identity provider's answer is not valid")
	}
	var c struct {
		Name string `json:"name"`
	}
	if err := ui.Claims(&c); err != nil {
		return fmt.Errorf("oidc: read userinfo: %w", err)
	}
	if id.Email == "" {
		id.Email, id.EmailVerified = ui.Email, ui.EmailVerified
	}
	if id.Name == "" {
		id.Name = c.Name
	}
	return nil
}

// identity reads who logged in, and at which level, from the ID token.
func (p *Provider) identity(idt *oidc.IDToken) (Identity, error) {
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return Identity{}, fmt.Errorf("oidc: read claims: %w", err)
	}
	str := func(k string) string { s, _ := claims[k].(string); return s }
	verified, _ := claims["email_verified"].(bool)
	id := Identity{Issuer: idt.Issuer, Subject: idt.Subject, Email: str("email"), EmailVerified: verified,
		Name: str("name"), Level: levelOf(p.acrs, str(p.cfg.LevelClaim))}
	return id, nil
}

func random() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
