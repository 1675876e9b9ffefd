package catalog

import (
	"context"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// BenchmarkFinder times Finder.Find for random demo services × random
// Gemeinden of all 11,004 (most outside Sachsen, so they walk the whole
// chain up to Deutschland and end in not-found) and reports p50 and p99.
func BenchmarkFinder(b *testing.B) {
	benchFind(b, func(ctx context.Context, db *store.DB, tenant tenant.ID) func(key, ars string) {
		f := NewFinder(db)
		if _, err := f.current(ctx); err != nil {
			b.Fatal(err)
		}
		return func(key, ars string) { f.Find(ctx, tenant, key, ars, AudienceCitizens) }
	})
}

// BenchmarkFindSQL times the database reference Find for comparison.
func BenchmarkFindSQL(b *testing.B) {
	benchFind(b, func(ctx context.Context, db *store.DB, tenant tenant.ID) func(key, ars string) {
		return func(key, ars string) { Find(ctx, db, tenant, key, ars, AudienceCitizens) }
	})
}

// benchFind runs the lookups returned by prepare on both engines, over the
// demo catalog and all 11,004 Gemeinden.
func benchFind(b *testing.B, prepare func(ctx context.Context, db *store.DB, tenant tenant.ID) func(key, ars string)) {
	for _, d := range storetest.Dialects() {
		b.Run(d.String(), func(b *testing.B) {
			db := storetest.Open(b, d)
			ctx := context.Background()
			tenant := newTenant(b, db, "bench")
			if err := SeedDemo(ctx, db, tenant); err != nil {
				b.Fatal(err)
			}
			gemeinden, err := queryRegions(ctx, db, "SELECT "+regionColumns+" FROM region WHERE level = $1", LevelMunicipality)
			if err != nil || len(gemeinden) != 11004 {
				b.Fatalf("Gemeinden: %d, %v", len(gemeinden), err)
			}
			benchLookups(b, prepare(ctx, db, tenant), gemeinden)
		})
	}
}

func benchLookups(b *testing.B, find func(key, ars string), gemeinden []Region) {
	rng := rand.New(rand.NewPCG(1, 2))
	durations := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for b.Loop() {
		key := DemoServices[rng.IntN(len(DemoServices))]
		ars := gemeinden[rng.IntN(len(gemeinden))].ARS
		start := time.Now()
		find(key, ars)
		durations = append(durations, time.Since(start))
	}
	b.StopTimer()
	if len(durations) == 0 {
		return
	}
	slices.Sort(durations)
	pct := func(p float64) float64 { return float64(durations[int(p*float64(len(durations)-1))].Nanoseconds()) }
	b.ReportMetric(pct(0.50), "p50-ns")
	b.ReportMetric(pct(0.99), "p99-ns")
	b.ReportMetric(pct(1.0), "max-ns")
}
