package account_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestReauthForSensitiveChanges, on every engine: with a stolen session
// alone (no password), neither the e-mail address can be changed nor the
// account deleted; with the current password both work. A wrong password
// counts towards the lockout.
func TestReauthForSensitiveChanges(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			mb := webtest.StartMailbox(t)
			base, db, _ := accountApp(t, d, mb.Configure)
			register(t, mb, base, "reauth@example.de", nil)
			c := newClient(t, base)
			if _, p, _ := c.login("reauth@example.de", journeyPassword); p != "/konto" {
				t.Fatalf("login: %s", p)
			}
			if _, _, body := c.do("/konto/email", nil); !strings.Contains(body, `name="current_password"`) {
				t.Error("the e-mail form asks for no current password")
			}
			for _, pw := range []string{"", "falsches-Passwort-1"} {
				st, _, body := c.do("/konto/email", url.Values{"email": {"taken.over@example.de"}, "current_password": {pw}})
				if st != 422 || !strings.Contains(body, "Das Passwort ist nicht richtig.") {
					t.Errorf("e-mail change with password %q: %d", pw, st)
				}
				st, _, _ = c.do("/konto/loeschen", url.Values{"confirm": {"yes"}, "current_password": {pw}})
				if st != 422 {
					t.Errorf("deletion with password %q: %d", pw, st)
				}
			}
			var state string
			db.QueryRowContext(t.Context(), "SELECT state FROM account WHERE email_norm = $1", "reauth@example.de").Scan(&state)
			if state != "active" {
				t.Fatalf("without the password the account became %q", state)
			}
			if mb.Count("taken.over@example.de") != 0 {
				t.Error("a confirmation link went to the new address without the password")
			}

			st, _, body := c.do("/konto/email", url.Values{"email": {"neu@example.de"}, "current_password": {journeyPassword}})
			if st != 200 || !strings.Contains(body, "Wir haben einen Link an die neue Adresse geschickt") {
				t.Errorf("e-mail change with the password: %d", st)
			}
			mb.WaitLink(t, "neu@example.de", "/konto/email/bestaetigen?token=")
			if st, _, body := c.do("/konto/loeschen", url.Values{"confirm": {"yes"}, "current_password": {journeyPassword}}); st != 200 ||
				!strings.Contains(body, "Ihr Konto wurde gelöscht.") {
				t.Errorf("deletion with the password: %d", st)
			}
		})
	}
}

// TestPasswordChange, on every engine: a logged-in person changes the
// password with the current one under the password policy; the other
// sessions end, this one stays, the old password no longer works.
func TestPasswordChange(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			mb := webtest.StartMailbox(t)
			base, _, _ := accountApp(t, d, mb.Configure)
			register(t, mb, base, "pw@example.de", nil)
			here, elsewhere := newClient(t, base), newClient(t, base)
			here.login("pw@example.de", journeyPassword)
			elsewhere.login("pw@example.de", journeyPassword)
			if st, p, body := here.do("/konto/passwort", nil); st != 200 || p != "/konto/passwort" ||
				!strings.Contains(body, `autocomplete="current-password"`) || !strings.Contains(body, `autocomplete="new-password"`) {
				t.Fatalf("password page: %d %s", st, p)
			}
			const next = "Elbsandstein-Wanderung-2026"
			for _, tt := range []struct{ current, password, want string }{
				{"falsch-falsch-1", next, "Das Passwort ist nicht richtig."},
				{journeyPassword, "password1", "Dieses Passwort ist zu verbreitet."},
				{journeyPassword, "", "Bitte füllen Sie dieses Feld aus"},
			} {
				st, _, body := here.do("/konto/passwort", url.Values{"current_password": {tt.current}, "password": {tt.password}})
				if st != 422 || !strings.Contains(body, tt.want) {
					t.Errorf("change %q → %q: %d, want %q", tt.current, tt.password, st, tt.want)
				}
			}
			st, p, body := here.do("/konto/passwort", url.Values{"current_password": {journeyPassword}, "password": {next}})
			if st != 200 || p != "/konto/passwort" || !strings.Contains(body, "Ihr neues Passwort ist gespeichert.") {
				t.Fatalf("change: %d %s", st, p)
			}
			if _, p, _ := here.do("/konto", nil); p != "/konto" {
				t.Errorf("the session of the change ended: %s", p)
			}
			if _, p, _ := elsewhere.do("/konto", nil); p != "/anmelden" {
				t.Errorf("another session survived the change: %s", p)
			}
			c := newClient(t, base)
			if _, p, _ := c.login("pw@example.de", journeyPassword); p == "/konto" {
				t.Error("the old password still works")
			}
			if _, p, _ := c.login("pw@example.de", next); p != "/konto" {
				t.Errorf("the new password does not work: %s", p)
			}
		})
	}
}
