package catalog

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/refdata"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// importPlaces loads the real municipality directory and postal codes.
func importPlaces(t testing.TB, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	if _, err := ImportRegions(ctx, db, bytes.NewReader(refdata.GVISys), "gv.csv", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := ImportPostcodes(ctx, db, bytes.NewReader(refdata.Postcodes), "plz.csv", nil); err != nil {
		t.Fatal(err)
	}
}

// TestPlacesFind checks the matching rule with the examples on the
// real directory, read from both engines.
func TestPlacesFind(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importPlaces(t, db)
		places := NewPlaces(db)
		tests := []struct {
			input     string
			wantFirst string // label of the first match
			wantMatch PlaceMatch
			resolved  bool // ResolvePlace picks the first
		}{
			{"Oybin", "Oybin, Landkreis Görlitz, Sachsen", PlaceExact, true},
			{"Kurort Oybin", "Oybin, Landkreis Görlitz, Sachsen", PlaceStripped, true},
			{"Kurort Jonsdorf", "Jonsdorf, Landkreis Görlitz, Sachsen", PlaceStripped, true},
			{"Dresden", "Dresden, Sachsen", PlaceExact, true},
			{"Dresden, Stadt", "Dresden, Sachsen", PlaceExact, true},
			{"Dresdn", "Dresden, Sachsen", PlaceTypo, true},
			{"dresdne", "Dresden, Sachsen", PlaceTypo, true},
			{"Dres", "Dresden, Sachsen", PlacePrefix, false},
			{"goerlitz", "Görlitz, Landkreis Görlitz, Sachsen", PlaceExact, true},
			{"GÖRLITZ", "Görlitz, Landkreis Görlitz, Sachsen", PlaceExact, true},
			{"Muenchen", "München, Bayern", PlaceExact, true},
			{"Sankt Blasien", "St. Blasien, Landkreis Waldshut, Baden-Württemberg", PlaceExact, true},
			{"St Ingbert", "St. Ingbert, Saarpfalz-Kreis, Saarland", PlaceExact, true},
			{"Titisee Neustadt", "Titisee-Neustadt, Landkreis Breisgau-Hochschwarzwald, Baden-Württemberg", PlaceExact, true},
			{"Schandau", "Bad Schandau, Landkreis Sächsische Schweiz-Osterzgebirge, Sachsen", PlaceStripped, true},
			{"Lutherstadt Wittenberg", "Wittenberg, Landkreis Wittenberg, Sachsen-Anhalt", PlaceStripped, true},
			{"Neustadt an der Waldnaab", "Neustadt a.d.Waldnaab, Landkreis Neustadt a.d.Waldnaab, Bayern", PlaceStripped, true},
			{"Bad Neustadt", "Bad Neustadt a.d.Saale, Landkreis Rhön-Grabfeld, Bayern", PlaceStripped, false},
			{"Halle", "Halle, Landkreis Holzminden, Niedersachsen", PlaceExact, false},
			{"Kaisrslautrn", "Kaiserslautern, Rheinland-Pfalz", PlaceTypo, true},
			{"Oberwiesental", "Oberwiesenthal, Erzgebirgskreis, Sachsen", PlaceTypo, true},
			{"01067", "Dresden, Sachsen", PlaceExact, true},
			{"01067 Dresden", "Dresden, Sachsen", PlaceExact, true},
			{"Neustadt in Sachsen, Landkreis Sächsische Schweiz-Osterzgebirge, Sachsen",
				"Neustadt in Sachsen, Landkreis Sächsische Schweiz-Osterzgebirge, Sachsen", PlaceExact, true},
		}
		for _, tt := range tests {
			got, err := places.Find(context.Background(), tt.input, 20)
			if err != nil {
				t.Errorf("%q: %v", tt.input, err)
				continue
			}
			if got[0].Label != tt.wantFirst || got[0].Match != tt.wantMatch {
				t.Errorf("%q: first %q (match %d), want %q (match %d); all %v", tt.input, got[0].Label, got[0].Match, tt.wantFirst, tt.wantMatch, labels(got))
			}
			if r := ResolvePlace(got); (r != nil) != tt.resolved {
				t.Errorf("%q: resolved %v, want %v; all %v", tt.input, r, tt.resolved, labels(got))
			}
		}
	})
}

// TestPlacesAmbiguous checks that "Neustadt" lists every Neustadt with its
// district and state, larger places first, and resolves to none of them.
func TestPlacesAmbiguous(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importPlaces(t, db)
		got, err := NewPlaces(db).Find(context.Background(), "Neustadt", 50)
		if err != nil {
			t.Fatal(err)
		}
		all := strings.Join(labels(got), "\n")
		for _, want := range []string{
			"Neustadt in Sachsen, Landkreis Sächsische Schweiz-Osterzgebirge, Sachsen",
			"Neustadt an der Weinstraße, Rheinland-Pfalz",
			"Neustadt/Vogtl., Vogtlandkreis, Sachsen",
			"Neustadt (Wied), Landkreis Neuwied, Rheinland-Pfalz",
		} {
			if !strings.Contains(all, want) {
				t.Errorf("Neustadt: %s missing in\n%s", want, all)
			}
		}
		if got[0].Label != "Neustadt an der Weinstraße, Rheinland-Pfalz" || got[0].Match != PlaceStripped {
			t.Errorf("Neustadt: first %q (%d), want the largest Neustadt", got[0].Label, got[0].Match)
		}
		if ResolvePlace(got) != nil {
			t.Error("Neustadt resolved to one place")
		}
		// A filter after the comma narrows the choice to a state.
		got, err = NewPlaces(db).Find(context.Background(), "Neustadt, Sachsen", 50)
		if err != nil || len(got) != 2 {
			t.Errorf("Neustadt, Sachsen: %v, %v; want Neustadt in Sachsen and Neustadt/Vogtl.", labels(got), err)
		}
	})
}

func TestPlacesFindRefused(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importPlaces(t, db)
		places := NewPlaces(db)
		for input, want := range map[string]fault.Code{
			"x": fault.Invalid, " ": fault.Invalid, strings.Repeat("a", MaxPlaceInput+1): fault.Invalid,
			"Qwxyzzk": fault.NotFound, "99999": fault.NotFound,
		} {
			if _, err := places.Find(context.Background(), input, 8); fault.CodeOf(err) != want {
				t.Errorf("%.20q: %v, want %s", input, err, want)
			}
		}
	})
}

func labels(ps []Place) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Label)
	}
	return out
}

// TestPlacesRefresh checks that the index follows a changed directory: a
// renamed municipality is found by its new official name once the catalog
// version moved.
func TestPlacesRefresh(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		importPlaces(t, db)
		ctx := context.Background()
		places := NewPlaces(db)
		if got, err := places.Find(ctx, "Kurort Oybin", 8); err != nil || got[0].Match != PlaceStripped {
			t.Fatalf("before: %v, %v", got, err)
		}
		renamed := bytes.Replace(refdata.GVISys, []byte(",430,Oybin,"), []byte(`,430,"Kurort Oybin",`), 1)
		if _, err := ImportRegions(ctx, db, bytes.NewReader(renamed), "gv.csv", nil); err != nil {
			t.Fatal(err)
		}
		if _, err := places.refresh(ctx); err != nil {
			t.Fatal(err)
		}
		got, err := places.Find(ctx, "Kurort Oybin", 8)
		if err != nil || got[0].Match != PlaceExact || got[0].Name != "Kurort Oybin" {
			t.Errorf("after: %v, %v; want Kurort Oybin as its official name", got, err)
		}
	})
}
