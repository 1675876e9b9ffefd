package demo_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/demo"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestSeedCoSigningOfRejections: in both demo tenants a rejection needs a
// second person's co-signature, an approval of a plain procedure does
// not, and Elterngeld keeps co-signing for every notice.
func TestSeedCoSigningOfRejections(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := demo.Seed(ctx, db, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
			t.Fatal(err)
		}
		for _, slug := range []string{demo.TenantSlug, demo.SecondTenantSlug} {
			tn, err := tenant.BySlug(ctx, db, slug)
			if err != nil {
				t.Fatal(err)
			}
			for id, want := range map[string]casework.FourEyesScope{"gewerbeanmeldung": casework.FourEyesRejections,
				"wohnsitz-anmelden": casework.FourEyesRejections, "elterngeld": casework.FourEyesAll} {
				if sc, err := casework.FourEyes(ctx, db, tn.ID, id, 0); err != nil || sc != want {
					t.Errorf("%s/%s: %q, %v; want %q", slug, id, sc, err, want)
				}
			}
		}
	})
}
