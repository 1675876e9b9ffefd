package sso_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/sso"
	"github.com/amtsweg/amtsweg/internal/sso/ssotest"
)

// redirectURL is where the provider sends the browser back; nothing
// listens there, the test's client stops before it.
const redirectURL = "http://127.0.0.1:1" + ssotest.RedirectPath

var erika = ssotest.User{Subject: "sub-erika", Username: "erika", Password: "pw-erika", GivenName: "Erika",
	FamilyName: "Mustermann", Email: "erika@example.de", EmailVerified: true}

// loginAt plays the browser: it opens the authorization URL, fills the
// provider's login form with method acr ("" for the default) and returns
// the query the provider sends back to the portal.
func loginAt(t *testing.T, p *ssotest.Provider, authURL, acr string) url.Values {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(r *http.Request, _ []*http.Request) error {
		if r.URL.Path == ssotest.RedirectPath {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	res, err := c.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	id := res.Request.URL.Query().Get("authRequestID")
	if res.StatusCode != 200 || id == "" {
		t.Fatalf("authorization: %d at %s", res.StatusCode, res.Request.URL)
	}
	res, err = c.PostForm(p.URL+"/login/username", url.Values{"id": {id}, "username": {erika.Username},
		"password": {erika.Password}, "acr": {acr}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	back, err := url.Parse(res.Header.Get("Location"))
	if res.StatusCode != http.StatusFound || err != nil || back.Path != ssotest.RedirectPath {
		t.Fatalf("login: %d, back to %q", res.StatusCode, res.Header.Get("Location"))
	}
	return back.Query()
}

func newProvider(t *testing.T) (*ssotest.Provider, *sso.Provider) {
	op := ssotest.Start(t, erika)
	p, err := sso.New(op.Config(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return op, p
}

// TestCodeFlow: against a real provider, Begin asks for the code with
// PKCE S256, a nonce and (for a step-up) the acr_values of the level;
// Finish redeems it and maps the acr of the ID token to the level.
func TestCodeFlow(t *testing.T) {
	t.Parallel()
	op, p := newProvider(t)
	ctx := context.Background()
	for _, c := range []struct {
		min  account.Level
		acr  string
		want account.Level
		ask  []string
	}{
		{account.LevelNone, "", account.LevelLow, nil},
		{account.LevelNone, ssotest.ACRHigh, account.LevelHigh, nil},
		{account.LevelSubstantial, "", account.LevelSubstantial, []string{ssotest.ACRSubstantial, ssotest.ACRHigh}},
	} {
		f, authURL, err := p.Begin(ctx, redirectURL, "/konto", c.min)
		if err != nil {
			t.Fatal(err)
		}
		q, _ := url.Parse(authURL)
		if q.Query().Get("code_challenge_method") != "S256" || q.Query().Get("nonce") != f.Nonce || f.Nonce == "" {
			t.Fatalf("authorization URL without PKCE or nonce: %s", authURL)
		}
		back := loginAt(t, op, authURL, c.acr)
		if got := op.Requested(); !slices.Equal(got, c.ask) {
			t.Errorf("min %v: provider got acr_values %v, want %v", c.min, got, c.ask)
		}
		id, err := p.Finish(ctx, f, redirectURL, back.Get("state"), back.Get("code"))
		if err != nil {
			t.Fatalf("min %v acr %q: %v", c.min, c.acr, err)
		}
		if id.Level != c.want || id.Subject != erika.Subject || id.Issuer != op.URL {
			t.Errorf("min %v acr %q: got %+v", c.min, c.acr, id)
		}
		if id.Email != erika.Email || !id.EmailVerified || id.Name != "Erika Mustermann" {
			t.Errorf("identity without the provider's address and name: %+v", id)
		}
	}
}

// TestFinishRejects: a changed state, a nonce that is not the flow's, a
// wrong PKCE verifier, a replayed code and a login below the needed level
// all fail.
func TestFinishRejects(t *testing.T) {
	t.Parallel()
	op, p := newProvider(t)
	ctx := context.Background()
	start := func(min account.Level, acr string) (sso.Flow, url.Values) {
		f, authURL, err := p.Begin(ctx, redirectURL, "/", min)
		if err != nil {
			t.Fatal(err)
		}
		return f, loginAt(t, op, authURL, acr)
	}
	f, back := start(account.LevelNone, "")
	if _, err := p.Finish(ctx, f, redirectURL, back.Get("state")+"x", back.Get("code")); err == nil {
		t.Error("a changed state was accepted")
	}
	f, back = start(account.LevelNone, "")
	f.Nonce = "not-the-nonce"
	if _, err := p.Finish(ctx, f, redirectURL, back.Get("state"), back.Get("code")); err == nil {
		t.Error("an ID token with another nonce was accepted")
	}
	f, back = start(account.LevelNone, "")
	f.Verifier = strings.Repeat("a", 43)
	if _, err := p.Finish(ctx, f, redirectURL, back.Get("state"), back.Get("code")); err == nil {
		t.Error("a wrong PKCE verifier was accepted")
	}
	f, back = start(account.LevelNone, "")
	if _, err := p.Finish(ctx, f, redirectURL, back.Get("state"), back.Get("code")); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Finish(ctx, f, redirectURL, back.Get("state"), back.Get("code")); err == nil {
		t.Error("a code was redeemed twice")
	}
	f, back = start(account.LevelSubstantial, ssotest.ACRLow)
	if _, err := p.Finish(ctx, f, redirectURL, back.Get("state"), back.Get("code")); !errors.Is(err, sso.ErrLevelTooLow) {
		t.Errorf("a low login for a substantial step-up: %v, want ErrLevelTooLow", err)
	}
}
