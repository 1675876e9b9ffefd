package catalog

import (
	"bytes"
	"context"
	"slices"
	"testing"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/refdata"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func TestLookupRegions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := ImportRegions(ctx, db, bytes.NewReader(refdata.GVISys), "gv.csv", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := ImportPostcodes(ctx, db, bytes.NewReader(refdata.Postcodes), "plz.csv", nil); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			input    string
			wantName string // a Gemeinde with this name must be in the answer
			wantCode fault.Code
		}{
			{"01067", "Dresden, Stadt", ""},
			{"09439", "Amtsberg", ""},
			{"Görlitz", "Görlitz, Stadt", ""},
			{"goerl", "Görlitz, Stadt", ""}, // umlaut folding
			{"CHEMNITZ", "Chemnitz, Stadt", ""},
			{"99999", "", fault.NotFound},
			{"x", "", fault.Invalid},
		}
		for _, tt := range tests {
			got, err := LookupRegions(ctx, db, tt.input)
			if fault.CodeOf(err) != tt.wantCode {
				t.Errorf("%q: err %v, want code %q", tt.input, err, tt.wantCode)
				continue
			}
			var names []string
			for _, r := range got {
				names = append(names, r.Name)
				if r.Level != LevelMunicipality {
					t.Errorf("%q: %s is a %s, want Gemeinden only", tt.input, r.Name, r.Level)
				}
			}
			if tt.wantName != "" && !slices.Contains(names, tt.wantName) {
				t.Errorf("%q: %v does not contain %s", tt.input, names, tt.wantName)
			}
		}
		// A postal code shared by several Gemeinden returns all of them.
		rs, err := RegionsByPostcode(ctx, db, "08626") // Adorf, Bad Elster, Markneukirchen (OSM)
		if err != nil || len(rs) < 3 {
			t.Errorf("08626: %d regions, %v; want at least 3", len(rs), err)
		}
	})
}
