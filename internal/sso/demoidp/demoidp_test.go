package demoidp

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/sso"
)

const callback = "/anmelden/oidc/antwort"

// portal runs the provider's handler as the portal would, on a loopback
// server; the issuer is a URL nobody listens on, so every back-channel
// request must go through Transport.
func portal(t *testing.T) (*Provider, *sso.Provider, string) {
	t.Helper()
	p, err := New("https://portal.invalid"+Prefix, callback)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle(Prefix+"/", p.Handler())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	s, err := sso.New(p.SSOConfig(), p.Client())
	if err != nil {
		t.Fatal(err)
	}
	return p, s, srv.URL
}

var noFollow = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// authorize follows the front channel up to the login page and returns
// the request id.
func authorize(t *testing.T, authURL string) string {
	t.Helper()
	res, err := noFollow.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc, _ := url.Parse(res.Header.Get("Location"))
	if res.StatusCode != http.StatusFound || loc == nil || loc.Path != LoginPath {
		t.Fatalf("authorize: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	return loc.Query().Get("id")
}

// back follows the OP's callback and returns the query sent to the portal.
func back(t *testing.T, base, path string) url.Values {
	t.Helper()
	res, err := noFollow.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil || !strings.HasPrefix(loc.String(), base+callback) {
		t.Fatalf("callback: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	return loc.Query()
}

// TestCodeFlow logs in through the portal's own sso code: the front
// channel is moved to the portal's host, the level the portal asks for is
// offered first, the ID token carries the person and the acr, a code
// works once.
func TestCodeFlow(t *testing.T) {
	t.Parallel()
	p, s, base := portal(t)
	ctx := context.Background()
	redirect := base + callback
	flow, authURL, err := s.Begin(ctx, redirect, "/antrag/elterngeld", account.LevelSubstantial)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(authURL, base+Prefix+"/authorize?") || !strings.Contains(authURL, "code_challenge_method=S256") {
		t.Fatalf("authorization URL %s: not on the portal's host or without PKCE", authURL)
	}
	id := authorize(t, authURL)
	l, err := p.Login(id)
	if err != nil || l.Level != account.LevelSubstantial {
		t.Fatalf("login page offers %v (%v), want substantial", l.Level, err)
	}
	path, err := p.Complete(ctx, id, Persons[1].ID, account.LevelSubstantial)
	if err != nil {
		t.Fatal(err)
	}
	q := back(t, base, path)
	got, err := s.Finish(ctx, flow, redirect, q.Get("state"), q.Get("code"))
	if err != nil {
		t.Fatal(err)
	}
	want := sso.Identity{Issuer: "https://portal.invalid" + Prefix, Subject: Persons[1].ID, Email: Persons[1].Email,
		EmailVerified: true, Name: "Lena Schubert", Level: account.LevelSubstantial}
	if got != want {
		t.Errorf("identity %+v, want %+v", got, want)
	}
	if _, err := s.Finish(ctx, flow, redirect, q.Get("state"), q.Get("code")); err == nil {
		t.Error("a code was redeemed twice")
	}
}

// TestLevelTooLow: a login at low for a substantial request is refused by
// the portal's own check.
func TestLevelTooLow(t *testing.T) {
	t.Parallel()
	p, s, base := portal(t)
	ctx := context.Background()
	flow, authURL, err := s.Begin(ctx, base+callback, "/", account.LevelSubstantial)
	if err != nil {
		t.Fatal(err)
	}
	path, err := p.Complete(ctx, authorize(t, authURL), Persons[0].ID, account.LevelLow)
	if err != nil {
		t.Fatal(err)
	}
	q := back(t, base, path)
	if _, err := s.Finish(ctx, flow, base+callback, q.Get("state"), q.Get("code")); !errors.Is(err, sso.ErrLevelTooLow) {
		t.Errorf("low login for a substantial request: %v, want ErrLevelTooLow", err)
	}
}

// TestCodeExpires: a code older than a minute is refused.
func TestCodeExpires(t *testing.T) {
	t.Parallel()
	p, s, base := portal(t)
	ctx := context.Background()
	flow, authURL, _ := s.Begin(ctx, base+callback, "/", account.LevelLow)
	path, err := p.Complete(ctx, authorize(t, authURL), Persons[0].ID, account.LevelHigh)
	if err != nil {
		t.Fatal(err)
	}
	q := back(t, base, path)
	later := time.Now().Add(codeLifetime + time.Second)
	p.store.mu.Lock()
	p.store.now = func() time.Time { return later }
	p.store.mu.Unlock()
	if _, err := s.Finish(ctx, flow, base+callback, q.Get("state"), q.Get("code")); err == nil {
		t.Error("an expired code was accepted")
	}
}

// TestOtherHost: an authorization request whose redirect URI is on
// another host than the request's is refused, so a code never leaves the
// host the visitor is on; Transport refuses URLs outside the issuer.
func TestOtherHost(t *testing.T) {
	t.Parallel()
	_, s, base := portal(t)
	_, authURL, err := s.Begin(context.Background(), "http://evil.example"+callback, "/", account.LevelLow)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(authURL)
	res, err := noFollow.Get(base + u.RequestURI())
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("redirect to another host: %d, want 400", res.StatusCode)
	}
	tr := Transport{Issuer: "https://portal.invalid" + Prefix, Handler: http.NotFoundHandler()}
	req, _ := http.NewRequest(http.MethodGet, "https://portal.invalid/demo-eidx/keys", nil)
	if _, err := tr.RoundTrip(req); err == nil {
		t.Error("the transport served a URL outside the issuer")
	}
}

// TestLoginLevel: the login page offers the weakest level the portal
// asked for, low when it asked for none.
func TestLoginLevel(t *testing.T) {
	t.Parallel()
	p, err := New("https://portal.invalid"+Prefix, callback)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		asked []string
		want  account.Level
	}{{nil, account.LevelLow}, {[]string{ACRHigh}, account.LevelHigh}, {[]string{ACRHigh, ACRSubstantial}, account.LevelSubstantial},
		{[]string{ACRLow, ACRSubstantial, ACRHigh}, account.LevelLow}, {[]string{"urn:other"}, account.LevelLow}}
	for _, c := range cases {
		r, _ := p.store.CreateAuthRequest(context.Background(), &oidc.AuthRequest{ClientID: clientID, ACRValues: c.asked}, "")
		if l, err := p.Login(r.GetID()); err != nil || l.Level != c.want {
			t.Errorf("asked %v: level %v (%v), want %v", c.asked, l.Level, err, c.want)
		}
	}
	if _, err := p.Login("unknown"); err == nil {
		t.Error("an unknown request has a login page")
	}
}
