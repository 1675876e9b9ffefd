package account_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/sso/ssotest"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestOIDCLogin, on every engine, against a real OpenID Connect provider:
// a login links the identity to the account with the address the
// provider verified (or creates one), the session's level is the one the
// acr maps to, a later login finds the same account by subject, a login
// weaker than a step-up asks for is refused, and a changed state or nonce
// ends in the failure message without a session.
func TestOIDCLogin(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			mb := webtest.StartMailbox(t)
			op := ssotest.Start(t, eidErika, eidMax)
			base, db := oidcApp(t, d, mb, op)
			register(t, mb, base, eidErika.Email, nil)

			c := newClient(t, base)
			if _, _, body := c.do("/anmelden", nil); !strings.Contains(body, `href="/anmelden/oidc"`) || !strings.Contains(body, "Mit Test-eID anmelden") {
				t.Fatal("the login page offers no login through the provider")
			}
			st, p, body := c.oidcLogin(op, "/anmelden/oidc?next="+url.QueryEscape("/konto"), eidErika, ssotest.ACRSubstantial)
			if st != 200 || p != "/konto" || !strings.Contains(body, "Vertrauensniveau der Anmeldung: substanziell.") {
				t.Fatalf("eID login: %d %s, level shown: %v", st, p, strings.Contains(body, "substanziell"))
			}
			erika := accountByEmail(t, db, eidErika.Email)
			if got := accountOf(t, db, eidErika.Subject); got != erika {
				t.Errorf("identity linked to account %d, want Erika's password account %d", got, erika)
			}

			c = newClient(t, base)
			if st, p, body := c.oidcLogin(op, "/anmelden/oidc", eidErika, ssotest.ACRLow); st != 200 || p != "/konto" ||
				!strings.Contains(body, "Vertrauensniveau der Anmeldung: niedrig.") || !strings.Contains(body, "Erika") {
				t.Errorf("second eID login (low): %d %s", st, p)
			}
			if got := accountOf(t, db, eidErika.Subject); got != erika {
				t.Errorf("second login moved the identity to account %d", got)
			}

			c = newClient(t, base)
			if st, p, _ := c.oidcLogin(op, "/anmelden/oidc", eidMax, ssotest.ACRHigh); st != 200 || p != "/konto" {
				t.Fatalf("eID login of Max: %d %s", st, p)
			}
			if max := accountOf(t, db, eidMax.Subject); max == 0 || max == erika {
				t.Errorf("Max (address not verified by the provider) got account %d", max)
			}

			c = newClient(t, base)
			if st, _, body := c.oidcLogin(op, "/anmelden/oidc?level=substantial", eidErika, ssotest.ACRLow); st != 401 ||
				!strings.Contains(body, "erreicht nicht das nötige Vertrauensniveau") || c.session() != "" {
				t.Errorf("a low login for a substantial one: %d, session %q", st, c.session())
			}
			if got := op.Requested(); strings.Join(got, " ") != ssotest.ACRSubstantial+" "+ssotest.ACRHigh {
				t.Errorf("the step-up asked the provider for acr_values %v", got)
			}

			tampered(t, base, op, "state", func(c *acClient, back url.Values) { back.Set("state", back.Get("state")+"x") })
			tampered(t, base, op, "nonce", func(c *acClient, _ url.Values) { c.editFlow(func(f map[string]any) { f["n"] = "another-nonce" }) })
			tampered(t, base, op, "PKCE verifier", func(c *acClient, _ url.Values) {
				c.editFlow(func(f map[string]any) { f["v"] = strings.Repeat("x", 43) })
			})
		})
	}
}

// tampered runs a login whose answer change alters before it reaches
// the portal, and expects the failure message and no session.
func tampered(t *testing.T, base string, op *ssotest.Provider, what string, change func(*acClient, url.Values)) {
	t.Helper()
	c := newClient(t, base)
	back, _, _, _ := c.atProvider(op, c.toProvider("/anmelden/oidc?next=%2Fkonto"), eidErika, ssotest.ACRSubstantial, true)
	change(c, back)
	st, _, body := c.do(ssotest.RedirectPath+"?"+back.Encode(), nil)
	if st != 401 || !strings.Contains(body, "Die Anmeldung beim Identitätsdienst hat nicht geklappt.") || c.session() != "" {
		t.Errorf("changed %s: %d, session %q", what, st, c.session())
	}
	if _, p, _ := c.do("/konto", nil); p != "/anmelden" {
		t.Errorf("changed %s: /konto opens %s", what, p)
	}
}
