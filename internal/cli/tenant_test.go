package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

func TestTenantCreateAndList(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			dsn := storetest.DSN(t, d)
			imprint := filepath.Join(t.TempDir(), "imprint.txt")
			os.WriteFile(imprint, []byte("Freistaat Thüringen\n\nSteigerstraße 24, Erfurt"), 0o600)
			code, out, errs := run(t, "tenant", "create", "--database", dsn, "--slug", "th", "--name", "Freistaat Thüringen",
				"--host", "thueringen.localhost, th.example", "--theme", "action=#00527a,hued=#eef4f8", "--imprint", imprint)
			if code != 0 || !strings.Contains(out, "tenant 1 created: th") {
				t.Fatalf("create: code %d, %s %s", code, out, errs)
			}
			// Refusals: low contrast, unknown property, foreign logo, duplicate slug.
			for _, bad := range [][]string{
				{"--slug", "x1", "--name", "X", "--theme", "action=#ffff00"},
				{"--slug", "x2", "--name", "X", "--theme", "margin=#000000"},
				{"--slug", "x3", "--name", "X", "--logo", "https://evil.example/logo.png"},
			} {
				if code, _, errs := run(t, append([]string{"tenant", "create", "--database", dsn}, bad...)...); code != 2 {
					t.Errorf("%v: code %d, %s", bad, code, errs)
				}
			}
			if code, _, errs := run(t, "tenant", "create", "--database", dsn, "--slug", "th", "--name", "Again"); code != 1 || !strings.Contains(errs, "exists") {
				t.Errorf("duplicate: code %d, %s", code, errs)
			}
			code, out, _ = run(t, "tenant", "list", "--database", dsn)
			if code != 0 || out != "1\tth\tFreistaat Thüringen\tthueringen.localhost th.example\n" {
				t.Fatalf("list: code %d, %q", code, out)
			}
			db, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			got, err := tenant.BySlug(context.Background(), db, "th")
			if err != nil {
				t.Fatal(err)
			}
			if got.Branding.Imprint != "Freistaat Thüringen\n\nSteigerstraße 24, Erfurt" ||
				got.Branding.Theme.CSS() != ":root {\n  --kern-color-action-default: #00527a;\n  --kern-color-layout-background-hued: #eef4f8;\n}\n" {
				t.Fatalf("branding: %+v / %q", got.Branding, got.Branding.Theme.CSS())
			}
		})
	}
}
