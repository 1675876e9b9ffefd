package account_test

import (
	"bytes"
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/cli"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// amtsweg runs the command line with args and returns exit code and
// output (stdout then stderr).
func amtsweg(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out bytes.Buffer
	code := cli.Main(context.Background(), args, &out, &out)
	return code, out.String()
}

// TestStaffCreateAndEnrol, on every engine: `amtsweg user create --staff`
// refuses incomplete or non-staff requests, creates a case worker with a
// password file or prints a set-up link without one; the case worker's
// first login leads to the second-factor set-up and every other page
// sends them back there until a TOTP code confirms it.
func TestStaffCreateAndEnrol(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			base, db, dsn := accountApp(t, d, func(*config.Config) {})
			var authority string
			if err := db.QueryRowContext(t.Context(), "SELECT CAST(MIN(id) AS TEXT) FROM authority").Scan(&authority); err != nil {
				t.Fatal(err)
			}
			pwFile := filepath.Join(t.TempDir(), "pw")
			os.WriteFile(pwFile, []byte(journeyPassword+"\n"), 0o600)
			common := []string{"user", "create", "--database", dsn, "--tenant", "sn"}
			for _, bad := range [][]string{
				{"--email", "x@amt.de", "--role", "case_worker", "--authority", authority},         // no --staff
				{"--staff", "--email", "x@amt.de", "--authority", authority},                       // no role
				{"--staff", "--email", "x@amt.de", "--role", "chief", "--authority", authority},    // unknown role
				{"--staff", "--email", "x@amt.de", "--role", "case_worker", "--tenant", "nowhere"}, // unknown tenant
			} {
				if code, out := amtsweg(t, append(common, bad...)...); code == 0 {
					t.Errorf("user create %v succeeded: %s", bad, out)
				}
			}
			code, out := amtsweg(t, append(common, "--staff", "--email", "link@amt.de", "--role", "case_worker",
				"--authority", authority, "--base-url", "https://portal.example")...)
			if code != 0 || !strings.Contains(out, "https://portal.example/passwort-neu?token=") {
				t.Fatalf("staff without password: %d %s", code, out)
			}
			code, out = amtsweg(t, append(common, "--staff", "--email", "sb@amt.de", "--name", "Sachbearbeiterin",
				"--role", "case_worker", "--authority", authority, "--password-file", pwFile)...)
			if code != 0 || !strings.Contains(out, "staff account") || strings.Contains(out, "passwort-neu") {
				t.Fatalf("staff with password: %d %s", code, out)
			}

			c := newClient(t, base)
			st, p, _ := c.login("sb@amt.de", journeyPassword)
			if st != 200 || p != "/konto/zweiter-faktor" {
				t.Fatalf("staff first login: %d %s, want the second-factor set-up", st, p)
			}
			for _, path := range []string{"/konto", "/konto/profil", "/antrag/bussgeld-einspruch"} {
				if _, p, _ := c.do(path, nil); p != "/konto/zweiter-faktor" {
					t.Errorf("before enrolment %s opens %s", path, p)
				}
			}
			if _, p, _ := c.do("/antrag/bussgeld-einspruch", url.Values{}); p != "/konto/zweiter-faktor" {
				t.Errorf("before enrolment starting an application leads to %s", p)
			}
			_, _, body := c.do("/konto/zweiter-faktor/neu", url.Values{})
			m := totpSecret.FindStringSubmatch(body)
			if m == nil {
				t.Fatal("no TOTP secret on the set-up page")
			}
			c.do("/konto/zweiter-faktor/bestaetigen", url.Values{"code": {"000000"}})
			if _, p, _ := c.do("/konto", nil); p != "/konto/zweiter-faktor" {
				t.Errorf("a wrong code completed the enrolment: /konto opens %s", p)
			}
			c.do("/konto/zweiter-faktor/bestaetigen", url.Values{"code": {webtest.TOTP(t, m[1], time.Now())}})
			if _, p, _ := c.do("/konto", nil); p != "/konto" {
				t.Errorf("after enrolment /konto opens %s", p)
			}
		})
	}
}
