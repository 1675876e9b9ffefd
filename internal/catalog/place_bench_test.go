package catalog

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// BenchmarkPlacesFind times Places.Find over the real directory for what
// people type while they type, and reports p50, p95 and p99. The index is
// in memory, so one engine (SQLite) is enough.
func BenchmarkPlacesFind(b *testing.B) {
	benchPlaces(b, func(ctx context.Context, db *store.DB) func(string) {
		places := NewPlaces(db)
		if _, err := places.current(ctx); err != nil {
			b.Fatal(err)
		}
		return func(in string) { places.Find(ctx, in, 8) }
	})
}

// BenchmarkLookupRegionsSQL times the former lookup (a LIKE over region
// and region_postcode per input; prefixes and postal codes only, no typos)
// with the same inputs for comparison.
func BenchmarkLookupRegionsSQL(b *testing.B) {
	benchPlaces(b, func(ctx context.Context, db *store.DB) func(string) {
		return func(in string) { LookupRegions(ctx, db, in) }
	})
}

// BenchmarkPlaceIndexLoad times building the index from the database (at
// the first lookup and after every catalog change).
func BenchmarkPlaceIndexLoad(b *testing.B) {
	db := storetest.Open(b, store.SQLite)
	importPlaces(b, db)
	for b.Loop() {
		if _, err := loadPlaceIndex(context.Background(), db); err != nil {
			b.Fatal(err)
		}
	}
}

// benchPlaces runs the lookup prepare returns over inputs drawn from the
// directory: prefixes of random municipality names (2 letters to the
// whole name), the same names with one letter dropped (typos), and
// postal codes.
func benchPlaces(b *testing.B, prepare func(ctx context.Context, db *store.DB) func(string)) {
	db := storetest.Open(b, store.SQLite)
	importPlaces(b, db)
	ctx := context.Background()
	idx, err := loadPlaceIndex(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	inputs := make([]string, 0, 3000)
	for range 1000 {
		e := idx.places[rng.IntN(len(idx.places))]
		name := []rune(placeNameBase(e.Name))
		inputs = append(inputs, string(name[:2+rng.IntN(max(len(name)-1, 1))]))
		if len(name) > 4 {
			cut := 1 + rng.IntN(len(name)-2)
			inputs = append(inputs, string(name[:cut])+string(name[cut+1:]))
		}
		if len(e.Postcodes) > 0 {
			inputs = append(inputs, e.Postcodes[0])
		}
	}
	find := prepare(ctx, db)
	durations := make([]time.Duration, 0, b.N)
	for b.Loop() {
		in := inputs[rng.IntN(len(inputs))]
		start := time.Now()
		find(in)
		durations = append(durations, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(durations)
	pct := func(p float64) float64 { return float64(durations[int(p*float64(len(durations)-1))].Microseconds()) }
	b.ReportMetric(pct(0.50), "p50-µs")
	b.ReportMetric(pct(0.95), "p95-µs")
	b.ReportMetric(pct(0.99), "p99-µs")
}
