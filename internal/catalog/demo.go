package catalog

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"io"

	"github.com/amtsweg/amtsweg/internal/refdata"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// demoSaxony is the catalog part of the demo (Beispieldaten): Saxon
// authorities and their responsibilities for the seed services, in the
// AuthorityFile format, so the demo exercises the importer. Contact data
// are examples (example.org, "Beispiel"). See docs/import-formats.md.
//
//go:embed demodata/sachsen.json
var demoSaxony []byte

// DemoServices are the keys of the demo's seed services: LeiKa keys where
// the 2019 catalog has them, a group for all Elterngeld services, the local
// key of the catalog row "Anzeige geologischer Bohrungen" (nicht im LeiKa)
// and three extra services defined in the demo file.
var DemoServices = []string{
	"99115005104000",           // Wohnsitz Anmeldung
	"99041006017000",           // Elterngeld Bewilligung (group 99041006)
	"99036008007000",           // Kraftfahrzeug Zulassung
	"99022001017000",           // Ausbildungsförderung (BAföG) Bewilligung
	"sn-schuldienst-bewerbung", // Bewerbung in den Schuldienst (extra)
	"nl-f47e36b139",            // Anzeige geologischer Bohrungen (Bohranzeige)
	"sn-geophysik-anzeige",     // Anzeige geophysikalischer Untersuchungen (extra)
	"sn-bussgeld-einspruch",    // Einspruch gegen einen Bußgeldbescheid (extra)
	"99050012104000",           // Gewerbe Anmeldung
	"99108001001000",           // Bewohnerparkausweis Erteilung
}

// SaxonyARS is the ARS of the Land Sachsen, the demo's area.
const SaxonyARS = "140000000000"

// SeedDemo loads the catalog part of the demo for tenantID: the embedded
// LeiKa catalog, the whole region tree with postal codes (each only when
// its table is still empty), the Saxon demo authorities with their
// responsibilities and the content pack (ApplyContent). Every step is an idempotent import, so running it
// again changes nothing.
func SeedDemo(ctx context.Context, db *store.DB, tenantID tenant.ID) error {
	steps := []struct {
		table string
		file  string
		run   func(io.Reader, string) (Summary, error)
	}{
		{"service", "leika-ozg-2019.csv", func(r io.Reader, f string) (Summary, error) { return ImportLeiKa(ctx, db, r, f, nil) }},
		{"region", "gv-isys-2021q.csv", func(r io.Reader, f string) (Summary, error) { return ImportRegions(ctx, db, r, f, nil) }},
		{"region_postcode", "plz-ags-osm.csv", func(r io.Reader, f string) (Summary, error) { return ImportPostcodes(ctx, db, r, f, nil) }},
	}
	data := map[string][]byte{"service": refdata.LeiKa, "region": refdata.GVISys, "region_postcode": refdata.Postcodes}
	for _, s := range steps {
		empty, err := tableEmpty(ctx, db, s.table)
		if err != nil {
			return err
		}
		if !empty {
			continue
		}
		if _, err := s.run(bytes.NewReader(data[s.table]), s.file); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	}
	if _, err := ImportAuthorities(ctx, db, tenantID, bytes.NewReader(demoSaxony), "demodata/sachsen.json", nil); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if _, err := ApplyContent(ctx, db); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return nil
}

// tableEmpty reports whether a catalog table has no imported rows (the
// region table always holds the root Deutschland).
func tableEmpty(ctx context.Context, q store.Querier, table string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n)
	if table == "region" {
		n--
	}
	return n <= 0, wrapErr(err, "count %s", table)
}
