package cli

import (
	"flag"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestFileBeforeOrAfterFlags, on every engine: a command that takes a
// FILE takes it before, between or after its flags (issue 11: "procedure
// import-fim --data DIR FILE" said "need a FILE").
func TestFileBeforeOrAfterFlags(t *testing.T) {
	t.Parallel()
	fim := filepath.Join("..", "procedure", "testdata", "fim3", "S99000001_xdf3.xml")
	family := filepath.Join("..", "procedure", "testdata", "family.yaml")
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			dsn := storetest.DSN(t, d)
			for _, args := range [][]string{
				{"procedure", "import-fim", "--database", dsn, fim},
				{"procedure", "import-fim", fim, "--database", dsn},
				{"procedure", "import-fim", "--log-level", "warn", fim, "--database=" + dsn},
				{"procedure", "import", "--database", dsn, family},
				{"procedure", "import", family, "--database", dsn},
			} {
				if code, out, errs := run(t, args...); code != 0 || !strings.Contains(out, "procedure ") || !strings.Contains(out, " version ") {
					t.Errorf("%v: code %d, %s %s", args[2:], code, out, errs)
				}
			}
			// A positional argument after the flags is no longer lost for a
			// command that takes a REFERENCE either.
			code, _, errs := run(t, "export", "xdomea", "--database", dsn, "--out", filepath.Join(t.TempDir(), "x.zip"), "XX-2026-000001")
			if code != 1 || strings.Contains(errs, "need a REFERENCE") {
				t.Errorf("export xdomea with the REFERENCE last: code %d, %s", code, errs)
			}
		})
	}
}

// TestArgumentMistakesAreUsageErrors: a missing FILE, two FILEs and a
// stray argument to a command without one are usage errors that say so.
func TestArgumentMistakesAreUsageErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"procedure", "import-fim", "--data", dir}, "need a FILE"},
		{[]string{"procedure", "import", "a.yaml", "--data", dir, "b.yaml"}, "one FILE only"},
		{[]string{"migrate", "oops", "--data", dir}, `unexpected argument "oops"`},
		{[]string{"import", "regions", "--data", dir, "--nope", "f.csv"}, "flag provided but not defined: -nope"},
	} {
		if code, _, errs := run(t, c.args...); code != 2 || !strings.Contains(errs, c.want) {
			t.Errorf("%v: code %d, %s", c.args, code, errs)
		}
	}
}

func TestInterspersed(t *testing.T) {
	t.Parallel()
	fs := flag.NewFlagSet("x", flag.ContinueOnError)
	fs.String("data", "", "")
	fs.Bool("dry-run", false, "")
	flags, pos := interspersed(fs, []string{"A", "--data", "D", "--dry-run", "B", "--data=E", "--", "-C"})
	if want := []string{"--data", "D", "--dry-run", "--data=E"}; !reflect.DeepEqual(flags, want) {
		t.Errorf("flags %q, want %q", flags, want)
	}
	if want := []string{"A", "B", "-C"}; !reflect.DeepEqual(pos, want) {
		t.Errorf("positional %q, want %q", pos, want)
	}
}

// TestUserCreateLink, on every engine: the set-up link starts with the
// configured base URL, else the tenant's host — never a hard-coded port
// (issue 11).
func TestUserCreateLink(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			dsn := storetest.DSN(t, d)
			if code, _, errs := run(t, "tenant", "create", "--database", dsn, "--slug", "th", "--name", "Thüringen", "--host", "thueringen.localhost,portal.thueringen.example"); code != 0 {
				t.Fatalf("tenant create: %s", errs)
			}
			if code, _, errs := run(t, "tenant", "create", "--database", dsn, "--slug", "lo", "--name", "Lokal", "--host", "lokal.localhost"); code != 0 {
				t.Fatalf("tenant create: %s", errs)
			}
			user := func(slug, email string, extra ...string) string {
				args := append([]string{"user", "create", "--database", dsn, "--staff", "--tenant", slug, "--email", email, "--role", "tenant_admin"}, extra...)
				code, out, errs := run(t, args...)
				if code != 0 {
					t.Fatalf("user create %s: code %d, %s", email, code, errs)
				}
				return out
			}
			if out := user("th", "a@example.de"); !strings.Contains(out, "link (valid once): https://portal.thueringen.example/passwort-neu?token=") {
				t.Errorf("tenant host: %s", out)
			}
			if out := user("th", "b@example.de", "--base-url", "https://amt.example/"); !strings.Contains(out, "link (valid once): https://amt.example/passwort-neu?token=") {
				t.Errorf("--base-url: %s", out)
			}
			out := user("lo", "c@example.de")
			if !strings.Contains(out, "path (valid once): /passwort-neu?token=") || !strings.Contains(out, "AMTSWEG_BASE_URL") {
				t.Errorf("no address known: %s", out)
			}
			if strings.Contains(out, "127.0.0.1:8080") {
				t.Errorf("hard-coded address in %s", out)
			}
		})
	}
}
