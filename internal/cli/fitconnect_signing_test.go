package cli

import (
	"context"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestFitConnectSigningKey rolls the routing signing key over from the
// command line: the list starts empty, each --rotate adds the key that
// signs, and neither the signing key nor one replaced just now can be
// retired.
func TestFitConnectSigningKey(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			dsn, dir := storetest.DSN(t, d), t.TempDir()
			db := keysDB(t, config.Config{DataDir: dir, DatabaseURL: dsn})
			if _, err := tenant.Create(context.Background(), db, "test", tenant.Tenant{Slug: "sn", Name: "Freistaat Sachsen"}); err != nil {
				t.Fatal(err)
			}
			flags := []string{"--tenant", "sn", "--database", dsn, "--data", dir}
			cmd := func(extra ...string) (int, []string, string) {
				code, out, errs := run(t, append(append([]string{"fitconnect", "signing-key"}, extra...), flags...)...)
				return code, strings.Fields(out), errs
			}
			if code, out, errs := cmd(); code != 0 || len(out) != 0 {
				t.Fatalf("list before any key: %d %q %s", code, out, errs)
			}
			_, first, _ := cmd("--rotate")
			code, both, errs := cmd("--rotate")
			if code != 0 || len(first) != 3 || first[2] != "signing" || len(both) != 6 || both[2] != "signing" ||
				both[3] != first[0] || both[5] != "published" {
				t.Fatalf("after two rotations: %d %q %s (after one: %q)", code, both, errs, first)
			}
			for kid, want := range map[string]string{both[0]: "signs the routes", first[0]: "replaced", "nokey": "no FIT-Connect signing key"} {
				if code, _, errs := cmd("--retire", kid); code != 1 || !strings.Contains(errs, want) {
					t.Errorf("retire %s: exit %d, %q, want %q", kid, code, errs, want)
				}
			}
			if code, _, _ := cmd("--rotate", "--retire", first[0]); code != 2 {
				t.Errorf("--rotate with --retire: exit %d, want 2", code)
			}
		})
	}
}
