package account_test

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/sso/ssotest"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// attackerPassword is what the attacker signed up with.
const attackerPassword = "Angreifer-Passwort-2026"

// TestOIDCPreHijack, on every engine, against a real OpenID Connect
// provider: an attacker signs up with Erika's address and a password and
// never confirms it; when Erika logs in with eID (address verified by the
// provider), that registration is discarded, not adopted: the attacker's
// password opens nothing, Erika's account is a new one with the provider's
// name, and Erika is told what happened.
func TestOIDCPreHijack(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			mb := webtest.StartMailbox(t)
			op := ssotest.Start(t, eidErika)
			base, db := oidcApp(t, d, mb, op)

			attacker := newClient(t, base)
			if st, p, _ := attacker.do("/registrieren", url.Values{"name": {"Mallory"}, "email": {eidErika.Email},
				"password": {attackerPassword}}); st != 200 || p != "/registrieren/gesendet" {
				t.Fatalf("attacker's sign-up: %d %s", st, p)
			}
			planted := accountByEmail(t, db, eidErika.Email)

			erika := newClient(t, base)
			st, p, body := erika.oidcLogin(op, "/anmelden/oidc?next=%2Fkonto%2Fprofil", eidErika, ssotest.ACRSubstantial)
			if st != 200 || p != "/konto" || !strings.Contains(body, "nie bestätigt wurde") {
				t.Errorf("Erika's eID login: %d %s, told of the discarded registration: %v", st, p, strings.Contains(body, "nie bestätigt"))
			}
			own := accountOf(t, db, eidErika.Subject)
			if own == planted || own != accountByEmail(t, db, eidErika.Email) {
				t.Errorf("Erika's identity went to account %d, the attacker's registration is %d", own, planted)
			}
			var state, name, hash string
			db.QueryRowContext(t.Context(), "SELECT state, name, password_hash FROM account WHERE id = $1", planted).Scan(&state, &name, &hash)
			if state != "deleted" || name != "" || hash != "" {
				t.Errorf("the attacker's registration stays %s, name %q, password kept: %v", state, name, hash != "")
			}
			db.QueryRowContext(t.Context(), "SELECT name, password_hash FROM account WHERE id = $1", own).Scan(&name, &hash)
			if name != "Erika Mustermann" || hash != "" {
				t.Errorf("Erika's account has name %q and a password: %v", name, hash != "")
			}

			// The attacker's password opens nothing, not even after a
			// confirmation link of the old registration.
			if _, p, _ := attacker.login(eidErika.Email, attackerPassword); p == "/konto" || attacker.session() != "" {
				t.Fatalf("the attacker logs in with the planted password (%s)", p)
			}
			if link := mb.LastLink(eidErika.Email, "/registrieren/bestaetigen?token="); link != "" {
				u, _ := url.Parse(link)
				attacker.do("/registrieren/bestaetigen", url.Values{"token": {u.Query().Get("token")}})
				if _, p, _ := attacker.login(eidErika.Email, attackerPassword); p == "/konto" {
					t.Fatal("the old confirmation link revived the attacker's password")
				}
			}
			if st, p, _ := erika.do("/konto", nil); st != 200 || p != "/konto" {
				t.Errorf("Erika's session: %d %s", st, p)
			}
		})
	}
}

// TestOIDCNeverStaff, on every engine: a provider login with the verified
// address of a case worker does not reach the staff account (a separate
// citizen account is made and the person told), nor does a provider login
// during a staff session link the identity to it; an identity linked to a
// staff account before is refused.
func TestOIDCNeverStaff(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			mb := webtest.StartMailbox(t)
			op := ssotest.Start(t, eidErika, eidMax)
			base, db, dsn := accountApp(t, d, func(c *config.Config) {
				mb.Configure(c)
				c.OIDC = op.Config()
			})
			staffID := staffWithAddress(t, db, dsn, eidErika.Email)

			c := newClient(t, base)
			st, p, body := c.oidcLogin(op, "/anmelden/oidc?next=%2Fverwaltung", eidErika, ssotest.ACRHigh)
			if st != 200 || p != "/konto" || !strings.Contains(body, "gehört zu einem Dienstkonto") {
				t.Fatalf("eID login with a staff address: %d %s", st, p)
			}
			if got := accountOf(t, db, eidErika.Subject); got == 0 || got == staffID {
				t.Errorf("the identity went to account %d (staff %d)", got, staffID)
			}
			if st, _, _ := c.do("/verwaltung", nil); st == 200 {
				t.Error("the eID login opens the back office")
			}

			// A case worker logged in with password and second factor
			// takes the provider login: no link to the staff account.
			staff := newClient(t, base)
			staff.login(eidErika.Email, journeyPassword)
			staff.enrol()
			if st, _, _ := staff.do("/verwaltung", nil); st != 200 {
				t.Fatalf("the case worker's own login does not open the back office: %d", st)
			}
			staff.oidcLogin(op, "/anmelden/oidc", eidMax, ssotest.ACRHigh)
			if got := accountOf(t, db, eidMax.Subject); got == 0 || got == staffID {
				t.Errorf("a provider login during a staff session linked the identity to account %d (staff %d)", got, staffID)
			}

			// A link to a staff account from before is refused.
			db.ExecContext(t.Context(), "UPDATE account_identity SET account_id = $1 WHERE subject = $2", staffID, eidMax.Subject)
			c = newClient(t, base)
			if st, _, body := c.oidcLogin(op, "/anmelden/oidc", eidMax, ssotest.ACRHigh); st != 401 ||
				!strings.Contains(body, "Dienstkonten von Beschäftigten melden sich mit Passwort") || c.session() != "" {
				t.Errorf("a provider login linked to staff: %d, session %q", st, c.session())
			}
		})
	}
}

// staffWithAddress creates an active case worker with address email and
// password journeyPassword and returns its id.
func staffWithAddress(t *testing.T, db *store.DB, dsn, email string) int64 {
	t.Helper()
	var authority string
	if err := db.QueryRowContext(t.Context(), "SELECT CAST(MIN(id) AS TEXT) FROM authority").Scan(&authority); err != nil {
		t.Fatal(err)
	}
	pw := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pw, []byte(journeyPassword+"\n"), 0o600)
	if code, out := amtsweg(t, "user", "create", "--database", dsn, "--tenant", "sn", "--staff", "--email", email,
		"--role", "case_worker", "--authority", authority, "--password-file", pw); code != 0 {
		t.Fatalf("staff: %s", out)
	}
	return accountByEmail(t, db, email)
}
