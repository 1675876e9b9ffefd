package catalog

import (
	"context"
	"fmt"
	"io"

	"github.com/amtsweg/amtsweg/internal/store"
)

// ImportPostcodes loads the postal code CSV (see ReadPostcodes) into
// region_postcode in one transaction. Each row names its Gemeinde by AGS,
// which must already be imported (ImportRegions); rows for an AGS that is
// not a known Gemeinde (e.g. merged since) are skipped with a warning.
// Idempotent; with any rejected row nothing is written.
func ImportPostcodes(ctx context.Context, db *store.DB, r io.Reader, file string, progress io.Writer) (Summary, error) {
	rows, findings, err := ReadPostcodes(r, file)
	if err != nil {
		return Summary{File: file}, err
	}
	return runImport(ctx, db, file, findings, func(tx *store.Tx, sum *Summary) error {
		if err := savePostcodes(ctx, tx, rows, sum, newProgress(progress, "postal codes", len(rows))); err != nil {
			return err
		}
		sum.Skipped = countSkipped(sum.Warnings) // savePostcodes adds skips for unknown Gemeinden
		return finishImport(ctx, tx, 0, "catalog.import.postcodes", *sum)
	})
}

// savePostcodes inserts the rows not yet stored.
func savePostcodes(ctx context.Context, tx *store.Tx, rows []Postcode, sum *Summary, p *progress) error {
	arsOf, err := municipalitiesByAGS(ctx, tx)
	if err != nil {
		return err
	}
	have, err := storedPostcodes(ctx, tx)
	if err != nil {
		return err
	}
	ins, err := tx.PrepareContext(ctx, "INSERT INTO region_postcode (postcode, ars, place, place_folded) VALUES ($1, $2, $3, $4)")
	if err != nil {
		return fmt.Errorf("prepare postcode insert: %w", err)
	}
	for _, pc := range rows {
		p.step()
		ars, ok := arsOf[pc.AGS]
		if !ok {
			sum.Warnings = append(sum.Warnings, Reject{File: sum.File, Line: pc.Line, Field: "ags",
				Reason: fmt.Sprintf("AGS %s is not a known Gemeinde; skipped", pc.AGS), Skipped: true})
			continue
		}
		k := [3]string{pc.Code, ars, pc.Place}
		if have[k] {
			sum.count(unchanged)
			continue
		}
		if _, err := ins.ExecContext(ctx, pc.Code, ars, pc.Place, fold(pc.Place)); err != nil {
			return fmt.Errorf("%s:%d: insert postal code: %w", sum.File, pc.Line, err)
		}
		have[k] = true
		sum.count(created)
	}
	p.done()
	return nil
}

// municipalitiesByAGS maps the AGS of every Gemeinde to its ARS.
func municipalitiesByAGS(ctx context.Context, q store.Querier) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT ags, ars FROM region WHERE level = $1", LevelMunicipality)
	if err != nil {
		return nil, fmt.Errorf("read municipalities: %w", err)
	}
	m := map[string]string{}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var ags, ars string
		if err := row.Scan(&ags, &ars); err != nil {
			return err
		}
		m[ags] = ars
		return nil
	})
	return m, err
}

// storedPostcodes returns the set of stored (postcode, ars, place) rows.
func storedPostcodes(ctx context.Context, q store.Querier) (map[[3]string]bool, error) {
	rows, err := q.QueryContext(ctx, "SELECT postcode, ars, place FROM region_postcode")
	if err != nil {
		return nil, fmt.Errorf("read postal codes: %w", err)
	}
	m := map[[3]string]bool{}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var k [3]string
		if err := row.Scan(&k[0], &k[1], &k[2]); err != nil {
			return err
		}
		m[k] = true
		return nil
	})
	return m, err
}
