package apply

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestRouteFIMAddress: the Bewohnerparkausweis imported from FIM asks for
// the applicant's address in FIM groups (Postleitzahl, Ort), not in an
// address field. With the demo catalog (real regions and postal codes, the
// Saxon demo authorities) an applicant in Chemnitz reaches the city's
// traffic office; a postal code with no responsible authority in the demo
// data goes to clearing; the vehicle holder's address (in a repeatable
// group) never routes.
func TestRouteFIMAddress(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tn, err := tenant.Create(ctx, db, "test", tenant.Tenant{Slug: "sn", Name: "Freistaat Sachsen"})
		if err != nil {
			t.Fatal(err)
		}
		if err := catalog.SeedDemo(ctx, db, tn.ID); err != nil {
			t.Fatal(err)
		}
		blobs := blobtest.Sealed(t, db, filepath.Join(t.TempDir(), "blobs"))
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		q, err := jobs.New(db, log, jobs.Config{})
		if err != nil {
			t.Fatal(err)
		}
		s, err := New(Deps{DB: db, Blobs: blobs, Jobs: q, Finder: catalog.NewFinder(db), Log: log})
		if err != nil {
			t.Fatal(err)
		}
		def, err := procedure.DemoBewohnerparken()
		if err != nil {
			t.Fatal(err)
		}
		a := Application{TenantID: tn.ID, ServiceKey: "99108001001000"}
		applicant := func(pc, town string) map[string]any {
			return map[string]any{"angaben_zum_ort": map[string]any{"postleitzahl": pc, "ort": town}}
		}
		holder := map[string]any{"angaben_zur_fahrzeughalterin_zum_fahrzeu": []any{
			map[string]any{"angaben_zum_ort": map[string]any{"postleitzahl": "09111", "ort": "Chemnitz"}}}}
		tests := []struct {
			name    string
			answers map[string]any
			want    string // authority name, "" for clearing
		}{
			{"applicant in Chemnitz", applicant("09111", "Chemnitz"), "Stadt Chemnitz"},
			{"applicant in Berlin (no authority in the demo)", applicant("10117", "Berlin"), ""},
			{"only the vehicle holder's address", holder, ""},
		}
		for _, tt := range tests {
			auth, ok, err := s.route(ctx, a, def, tt.answers)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			if got := auth.Name; ok != (tt.want != "") || (ok && !contains(got, tt.want)) {
				t.Fatalf("%s: routed to %q (found %v), want %q", tt.name, got, ok, tt.want)
			}
		}
	})
}

func contains(s, sub string) bool { return sub != "" && strings.Contains(s, sub) }
