package catalog

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/refdata"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// realImports are the three reference-data imports in dependency order,
// with the counts a complete load must report.
var realImports = []struct {
	name    string
	data    []byte
	run     func(ctx context.Context, db *store.DB, b []byte, file string) (Summary, error)
	created int
	skipped int
}{
	{"leika", refdata.LeiKa, func(ctx context.Context, db *store.DB, b []byte, f string) (Summary, error) {
		return ImportLeiKa(ctx, db, bytes.NewReader(b), f, nil)
	}, 5250, 1},
	// 16,068 rows - 12 Regionen - 2×105 kreisfreie Städte - 3×2 Berlin/Hamburg.
	{"regions", refdata.GVISys, func(ctx context.Context, db *store.DB, b []byte, f string) (Summary, error) {
		return ImportRegions(ctx, db, bytes.NewReader(b), f, nil)
	}, 15840, 12},
	// 12,883 rows, one for an AGS that GV-ISys 2021 no longer has.
	{"postcodes", refdata.Postcodes, func(ctx context.Context, db *store.DB, b []byte, f string) (Summary, error) {
		return ImportPostcodes(ctx, db, bytes.NewReader(b), f, nil)
	}, 12882, 1},
}

func TestImportsCompleteAndIdempotent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		for _, im := range realImports {
			start := time.Now()
			first, err := im.run(ctx, db, im.data, im.name)
			if err != nil {
				t.Fatalf("%s: %v", im.name, err)
			}
			t.Logf("%s: %s in %v", im.name, first, time.Since(start))
			if first.Created != im.created || first.Skipped != im.skipped || first.Updated != 0 {
				t.Errorf("%s first run = %s, want %d created, %d skipped", im.name, first, im.created, im.skipped)
			}
			second, err := im.run(ctx, db, im.data, im.name)
			if err != nil {
				t.Fatalf("%s again: %v", im.name, err)
			}
			if second.Unchanged != im.created || second.Created+second.Updated != 0 {
				t.Errorf("%s second run = %s, want all %d unchanged", im.name, second, im.created)
			}
		}
		var n int
		db.QueryRowContext(ctx, "SELECT COUNT(*) FROM region WHERE level = $1", LevelMunicipality).Scan(&n)
		if n != 11004 {
			t.Errorf("Gemeinden = %d, want 11004", n)
		}
		db.QueryRowContext(ctx, "SELECT COUNT(*) FROM region WHERE level = $1 AND ars LIKE '14%'", LevelMunicipality).Scan(&n)
		if n != 419 {
			t.Errorf("Saxon Gemeinden = %d, want 419", n)
		}
	})
}

func TestBrokenImportLeavesDatabaseUnchanged(t *testing.T) {
	t.Parallel()
	const leikaHead = "leika_key,name,service_type,ozg_id,ozg_name,lebenslage,themenfeld,legal_basis,law_shortcuts\n"
	const good = "99041006000000,Elterngeld,2/3,10000,Elterngeld,Geburt,Familie & Kind,,\n"
	tests := []struct {
		name     string
		file     string
		in       string
		run      func(context.Context, *store.DB, string, string) (Summary, error)
		wantText string
	}{
		{"leika bad row", "bad.csv", leikaHead + good + "99041006017000,Elterngeld Bewilligung\n", leika, "bad.csv:3"},
		{"leika wrong header", "head.csv", "key,name\n" + good, leika, "head.csv:1"},
		{"regions bad code", "gv.csv", strings.Join(gvHeader, ",") + "\n10,,14,,,,,Sachsen,,,,,,,,,,,,\n60,64,14,5,21,0010,01x,Amtsberg,1,1,,,,09439,1,1,,,,\n", regions, "gv.csv:3: gemeinde"},
		{"regions wrong header", "gv.csv", "satzart,land\n10,14\n", regions, "gv.csv:1"},
		{"authorities unknown region", "a.json", `{"authorities": [{"key": "x", "name": "X"}],
			"responsibilities": [{"service": "99041006", "regions": ["149999999999"], "authority": "x"}]}`, authorities, "a.json:2: regions: no region"},
		{"authorities unknown field", "a.json", `{"authorities": [{"key": "x", "name": "X"},
			{"key": "y", "nmae": "Y"}]}`, authorities, "a.json:2"},
		{"authorities conflicting duplicate", "a.json", `{"authorities": [{"key": "x", "name": "X"}, {"key": "y", "name": "Y"}],
			"responsibilities": [{"service": "99041006", "regions": ["000000000000"], "authority": "x"},
			{"service": "99041006", "regions": ["000000000000"], "authority": "y"}]}`, authorities, "a.json:3: regions"},
		{"authorities not json", "a.json", `[1, 2]`, authorities, "a.json:1"},
		{"postcodes bad plz", "plz.csv", "osm_id,ags,ort,plz,landkreis,bundesland\n1,14521010,Amtsberg,0943,x,y\n", postcodes, "plz.csv:2: plz"},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		newTenant(t, db, "t")
		if _, err := leika(ctx, db, "ok.csv", leikaHead+good); err != nil {
			t.Fatal(err)
		}
		before := tableCounts(t, db)
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				_, err := tt.run(ctx, db, tt.file, tt.in)
				if !fault.Is(err, fault.Invalid) || !strings.Contains(err.Error(), tt.wantText) {
					t.Fatalf("err = %v, want invalid naming %q", err, tt.wantText)
				}
				if after := tableCounts(t, db); after != before {
					t.Errorf("counts %v after failed import, want %v", after, before)
				}
			})
		}
	})
}

func leika(ctx context.Context, db *store.DB, file, in string) (Summary, error) {
	return ImportLeiKa(ctx, db, strings.NewReader(in), file, nil)
}

func regions(ctx context.Context, db *store.DB, file, in string) (Summary, error) {
	return ImportRegions(ctx, db, strings.NewReader(in), file, nil)
}

func authorities(ctx context.Context, db *store.DB, file, in string) (Summary, error) {
	var tenant tenant.ID
	if err := db.QueryRowContext(ctx, "SELECT MIN(id) FROM tenant").Scan(&tenant); err != nil {
		return Summary{}, err
	}
	return ImportAuthorities(ctx, db, tenant, strings.NewReader(in), file, nil)
}

func postcodes(ctx context.Context, db *store.DB, file, in string) (Summary, error) {
	return ImportPostcodes(ctx, db, strings.NewReader(in), file, nil)
}

// tableCounts counts the rows of every catalog table and the audit log.
func tableCounts(t *testing.T, db *store.DB) [7]int {
	t.Helper()
	var c [7]int
	for i, tbl := range []string{"service", "region", "region_postcode", "authority", "responsibility", "audit_log", "catalog_version"} {
		q := "SELECT COUNT(*) FROM " + tbl
		if tbl == "catalog_version" {
			q = "SELECT version FROM catalog_version"
		}
		if err := db.QueryRowContext(context.Background(), q).Scan(&c[i]); err != nil {
			t.Fatal(err)
		}
	}
	return c
}
