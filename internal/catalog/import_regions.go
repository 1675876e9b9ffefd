package catalog

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// ImportRegions loads the GV-ISys CSV (see ReadRegions) into the shared
// region table in one transaction, parents before children. Idempotent;
// with any rejected row nothing is written. Regions missing from the file
// are kept (responsibilities may still point at them).
func ImportRegions(ctx context.Context, db *store.DB, r io.Reader, file string, progress io.Writer) (Summary, error) {
	regions, findings, err := ReadRegions(r, file)
	if err != nil {
		return Summary{File: file}, err
	}
	return runImport(ctx, db, file, findings, func(tx *store.Tx, sum *Summary) error {
		if err := saveRegions(ctx, tx, regions, sum, newProgress(progress, "regions", len(regions))); err != nil {
			return err
		}
		return finishImport(ctx, tx, 0, "catalog.import.regions", *sum)
	})
}

// saveRegions upserts regions with prepared statements.
func saveRegions(ctx context.Context, tx *store.Tx, regions []Region, sum *Summary, p *progress) error {
	existing, err := queryRegions(ctx, tx, "SELECT "+regionColumns+" FROM region")
	if err != nil {
		return err
	}
	old := make(map[string]Region, len(existing))
	for _, r := range existing {
		old[r.ARS] = r
	}
	const cols = "ags, level, kind, name, name_folded, parent_ars, population, area_km2, postcode, latitude, longitude, ars"
	ins, err := tx.PrepareContext(ctx, "INSERT INTO region ("+cols+") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)")
	if err != nil {
		return fmt.Errorf("prepare region insert: %w", err)
	}
	upd, err := tx.PrepareContext(ctx, `UPDATE region SET ags = $1, level = $2, kind = $3, name = $4, name_folded = $5,
		parent_ars = $6, population = $7, area_km2 = $8, postcode = $9, latitude = $10, longitude = $11 WHERE ars = $12`)
	if err != nil {
		return fmt.Errorf("prepare region update: %w", err)
	}
	for _, r := range regions {
		args := []any{r.AGS, r.Level, r.Kind, r.Name, fold(r.Name), nullString(r.ParentARS), r.Population,
			r.AreaKm2, r.Postcode, r.Latitude, r.Longitude, r.ARS}
		o, have := old[r.ARS]
		switch {
		case !have:
			_, err = ins.ExecContext(ctx, args...)
			sum.count(created)
		case o != r:
			_, err = upd.ExecContext(ctx, args...)
			sum.count(updated)
		default:
			sum.count(unchanged)
		}
		if err != nil {
			return fmt.Errorf("save region %s: %w", r.ARS, err)
		}
		p.step()
	}
	p.done()
	return nil
}

// Postcode is one row of the postal code file: a postal code (PLZ) of a
// Gemeinde (by AGS) with a place name (Ort).
type Postcode struct {
	Code  string
	AGS   string
	Place string
	Line  int
}

var postcodeHeader = []string{"osm_id", "ags", "ort", "plz", "landkreis", "bundesland"}

// ReadPostcodes parses the postal code CSV (header osm_id, ags, ort, plz,
// landkreis, bundesland) without a database.
func ReadPostcodes(r io.Reader, file string) ([]Postcode, []Reject, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return nil, nil, fault.Wrap(err, fault.Invalid, "%s:1: cannot read header", file)
	}
	if err := checkHeader(file, header, postcodeHeader); err != nil {
		return nil, nil, err
	}
	var out []Postcode
	var findings []Reject
	err = eachRecord(cr, file, func(line int, rec []string) {
		pc, f := postcodeRow(file, line, rec)
		if f != nil {
			findings = append(findings, *f)
			return
		}
		out = append(out, pc)
	}, func(r Reject) { findings = append(findings, r) })
	if err != nil {
		return nil, nil, err
	}
	return out, findings, nil
}

func postcodeRow(file string, line int, rec []string) (Postcode, *Reject) {
	bad := func(field, reason string) (Postcode, *Reject) {
		return Postcode{}, &Reject{File: file, Line: line, Field: field, Reason: reason}
	}
	if len(rec) != len(postcodeHeader) {
		return bad("", fmt.Sprintf("has %d fields, want %d", len(rec), len(postcodeHeader)))
	}
	pc := Postcode{AGS: cleanSpace(rec[1]), Place: cleanSpace(rec[2]), Code: cleanSpace(rec[3]), Line: line}
	if len(pc.AGS) != 8 || !digits(pc.AGS) {
		return bad("ags", fmt.Sprintf("%q is not an 8-digit AGS", pc.AGS))
	}
	if len(pc.Code) != 5 || !digits(pc.Code) {
		return bad("plz", fmt.Sprintf("%q is not a 5-digit postal code", pc.Code))
	}
	if pc.Place == "" {
		return bad("ort", "is empty")
	}
	return pc, nil
}

func digits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
