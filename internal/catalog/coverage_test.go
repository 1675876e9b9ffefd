package catalog

import (
	"context"
	"testing"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func TestCoverage(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tenant := loadMini(t, db)
		rows, err := Coverage(ctx, db, tenant, SaxonyARS)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]CoverageRow{}
		for _, r := range rows {
			got[r.ServiceKey] = r
		}
		tests := []struct {
			key     string
			covered int
			gaps    []string
		}{
			{"99041006000000", 3, nil}, // via the group at Land level
			{"99041006017000", 3, nil},
			{"99036008007000", 3, nil}, // Chemnitz through its citizens-only office
		}
		if len(rows) != len(tests) {
			t.Fatalf("rows = %v, want %d", rows, len(tests))
		}
		for _, tt := range tests {
			r := got[tt.key]
			if r.Covered != tt.covered || r.Total != 3 || len(r.Gaps) != len(tt.gaps) {
				t.Errorf("%s: %s gaps %v", tt.key, r, r.Gaps)
			}
		}
		rows, err = Coverage(ctx, db, tenant, "145210000000")
		if err != nil || len(rows) != 3 || rows[0].Total != 2 {
			t.Errorf("Erzgebirgskreis scope: %v, %v", rows, err)
		}
	})
}
