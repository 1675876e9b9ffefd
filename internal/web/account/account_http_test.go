package account_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestSessions, on every engine: the session id changes at login; logout ends the session
// on the server, so the old cookie no longer works.
func TestSessions(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			mb := webtest.StartMailbox(t)
			base, _, _ := accountApp(t, d, mb.Configure)
			register(t, mb, base, "sess@example.de", nil)
			c := newClient(t, base)
			if st, p, _ := c.login("sess@example.de", journeyPassword); st != 200 || p != "/konto" {
				t.Fatalf("login: %d %s", st, p)
			}
			first := c.session()
			if st, p, _ := c.login("sess@example.de", journeyPassword); st != 200 || p != "/konto" {
				t.Fatalf("second login: %d %s", st, p)
			}
			second := c.session()
			if first == "" || first == second {
				t.Fatalf("session id did not change at login: %q → %q", first, second)
			}
			stale := newClient(t, base)
			u, _ := url.Parse(base)
			stale.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: "amtsweg_session", Value: first}})
			if _, p, _ := stale.do("/konto", nil); p != "/anmelden" {
				t.Errorf("the session before the new login still works: %s", p)
			}
			stale.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: "amtsweg_session", Value: second}})
			if _, p, _ := stale.do("/konto", nil); p != "/konto" {
				t.Fatalf("the current session does not work from another client: %s", p)
			}
			if st, p, _ := c.do("/abmelden", url.Values{}); st != 200 || p != "/anmelden" {
				t.Fatalf("logout: %d %s", st, p)
			}
			if _, p, _ := stale.do("/konto", nil); p != "/anmelden" {
				t.Errorf("after logout the old cookie still opens %s", p)
			}
		})
	}
}

// TestLockoutAndNoEnumeration, on every engine: repeated failures end in the lockout
// message, the same for known and unknown addresses; sign-up and reset
// answer known and unknown addresses alike.
func TestLockoutAndNoEnumeration(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			mb := webtest.StartMailbox(t)
			base, _, _ := accountApp(t, d, mb.Configure)
			register(t, mb, base, "known@example.de", nil)
			for _, email := range []string{"known@example.de", "unknown@example.de"} {
				c := newClient(t, base)
				var body string
				for i := 0; i < 10; i++ {
					_, _, body = c.login(email, "wrong password "+email)
					if i < 9 && !strings.Contains(body, "E-Mail-Adresse oder Passwort sind nicht richtig.") {
						t.Fatalf("%s attempt %d: no failure message", email, i+1)
					}
				}
				_, _, body = c.login(email, journeyPassword)
				if !strings.Contains(body, "Zu viele Fehlversuche.") {
					t.Errorf("%s: no lockout message after 10 failures", email)
				}
			}

			c := newClient(t, base)
			_, _, newSignup := c.do("/registrieren", url.Values{"email": {"fresh@example.de"}, "password": {journeyPassword}})
			_, _, knownSignup := c.do("/registrieren", url.Values{"email": {"known@example.de"}, "password": {journeyPassword}})
			if mainOf(newSignup) != mainOf(knownSignup) {
				t.Errorf("sign-up answers differ for a known address")
			}
			mb.WaitLink(t, "known@example.de", "/anmelden") // the owner is told instead
			_, _, knownReset := c.do("/passwort-vergessen", url.Values{"email": {"known@example.de"}})
			_, _, unknownReset := c.do("/passwort-vergessen", url.Values{"email": {"nobody@example.de"}})
			if mainOf(knownReset) != mainOf(unknownReset) {
				t.Errorf("reset answers differ for a known address")
			}
			mb.WaitLink(t, "known@example.de", "/passwort-neu?token=")
			if mb.Count("nobody@example.de") != 0 {
				t.Errorf("a mail went to an address without an account")
			}
		})
	}
}
