package catalog

import (
	"context"
	"testing"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func TestSeedDemoCoversEverySaxonMunicipality(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tenant := newTenant(t, db, "sachsen")
		if err := SeedDemo(ctx, db, tenant); err != nil {
			t.Fatal(err)
		}
		before := tableCounts(t, db)
		if err := SeedDemo(ctx, db, tenant); err != nil {
			t.Fatal(err)
		}
		// The catalog version stays too: the demo's authorities file keeps the
		// translations the content pack gave its services.
		if after := tableCounts(t, db); [5]int(after[:5]) != [5]int(before[:5]) || after[6] != before[6] {
			t.Errorf("second SeedDemo changed the catalog: %v → %v", before, after)
		}
		for _, key := range DemoServices {
			if s, err := GetService(ctx, db, key); err != nil || s.NameIn("en") == s.Name || s.SummaryIn("en") == "" {
				t.Errorf("demo service %s has no English after SeedDemo: %+v, %v", key, s.Translations, err)
			}
		}
		saxon, err := queryRegions(ctx, db, "SELECT "+regionColumns+" FROM region WHERE level = $1 AND ars LIKE '14%' ORDER BY ars", LevelMunicipality)
		if err != nil || len(saxon) != 419 {
			t.Fatalf("Saxon Gemeinden = %d, %v; want 419", len(saxon), err)
		}
		f := NewFinder(db)
		for _, key := range DemoServices {
			for _, aud := range []Audience{AudienceAny, AudienceCitizens, AudienceBusiness} {
				for _, g := range saxon {
					got, err := f.Find(ctx, tenant, key, g.ARS, aud)
					if err != nil {
						t.Fatalf("%s in %s %s (%s): %v", key, g.ARS, g.Name, aud, err)
					}
					if !got.Example || got.Name == "" {
						t.Errorf("%s in %s: %+v, want an example authority", key, g.Name, got)
					}
					if aud != AudienceAny {
						continue // the index must equal the database; one full sweep here, audiences in the table test
					}
					want, err := Find(ctx, db, tenant, key, g.ARS, aud)
					if err != nil || want != got {
						t.Errorf("%s in %s (%s): finder %q, database %q (%v)", key, g.Name, aud, got.Key, want.Key, err)
					}
				}
			}
		}
	})
}
