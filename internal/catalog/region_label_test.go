package catalog

import (
	"bytes"
	"context"
	"testing"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/refdata"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestPlaceLabel: a unique name alone; a name several Gemeinden share with
// the district; twins within one district with the state.
func TestPlaceLabel(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := ImportRegions(ctx, db, bytes.NewReader(refdata.GVISys), "gv.csv", nil); err != nil {
			t.Fatal(err)
		}
		name := func(ars string) string {
			r, err := GetRegion(ctx, db, ars)
			if err != nil {
				t.Fatal(err)
			}
			return r.Name
		}
		tests := []struct{ ars, want string }{
			{"146120000000", "Dresden, Stadt"},
			{"010515163012", "Buchholz, " + name("010510000000")},     // four Buchholz in Germany
			{"130755553101", "Neuenkirchen, " + name("130000000000")}, // two in one Kreis
			{"032575401008", "Buchholz, " + name("032570000000")},     // Buchholz in Niedersachsen
		}
		for _, tt := range tests {
			if got, err := PlaceLabel(ctx, db, tt.ars); err != nil || got != tt.want {
				t.Errorf("PlaceLabel(%s) = %q, %v; want %q", tt.ars, got, err, tt.want)
			}
		}
		if _, err := PlaceLabel(ctx, db, "999999999999"); !fault.Is(err, fault.NotFound) {
			t.Errorf("unknown ARS: %v, want NotFound", err)
		}
	})
}
