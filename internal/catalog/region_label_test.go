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

// TestPlaceLabel: the name without designations with its district and
// state; twins within one district with their association too; the same
// words as the place index shows (what the person chose is what the
// review, receipt and case show).
func TestPlaceLabel(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := ImportRegions(ctx, db, bytes.NewReader(refdata.GVISys), "gv.csv", nil); err != nil {
			t.Fatal(err)
		}
		places := NewPlaces(db)
		tests := []struct{ ars, want string }{
			{"146120000000", "Dresden, Sachsen"}, // kreisfreie Stadt
			{"110000000000", "Berlin"},           // city state
			{"010515163012", "Buchholz, Kreis Dithmarschen, Schleswig-Holstein"},
			{"130755553101", "Neuenkirchen, Amt Anklam-Land, Landkreis Vorpommern-Greifswald, Mecklenburg-Vorpommern"}, // two in one Kreis
			{"032575401008", "Buchholz, Landkreis Schaumburg, Niedersachsen"},
		}
		for _, tt := range tests {
			if got, err := PlaceLabel(ctx, db, tt.ars); err != nil || got != tt.want {
				t.Errorf("PlaceLabel(%s) = %q, %v; want %q", tt.ars, got, err, tt.want)
			}
			if p, err := places.Place(ctx, tt.ars); err != nil || p.Label != tt.want {
				t.Errorf("Places.Place(%s) = %q, %v; want %q", tt.ars, p.Label, err, tt.want)
			}
		}
		if _, err := PlaceLabel(ctx, db, "999999999999"); !fault.Is(err, fault.NotFound) {
			t.Errorf("unknown ARS: %v, want NotFound", err)
		}
	})
}
