package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/store"
)

// The lists a gebietID names itself by (listURI or schemeID): the
// Amtlicher Gemeindeschlüssel (AGS, 8 digits for a Gemeinde) and the
// Amtlicher Regionalschlüssel (ARS, 12 digits, or a prefix of 2, 3, 5 or
// 9 digits for a higher level), both of Destatis.
const (
	agsList = "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:ags"
	arsList = "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:rs"
)

// agsPrefix marks a region of a responsibility that is still an AGS.
const agsPrefix = "ags:"

// gebiet returns the region key of a gebietID: a 12-digit ARS, or
// "ags:" + an 8-digit AGS that the import turns into the ARS of that
// Gemeinde. An AGS of 2, 3 or 5 digits (Land, Regierungsbezirk, Kreis) is
// the same as the ARS prefix.
func gebiet(g xGebiet) (string, error) {
	v := strings.TrimSpace(g.Value)
	list := strings.ToLower(g.ListURI + " " + g.SchemeURI + " " + g.SchemeID)
	isAGS := strings.Contains(list, ":ags")
	isARS := strings.Contains(list, ":rs") || strings.Contains(list, ":ars")
	if !digits(v) {
		return "", fmt.Errorf("%q is neither an ARS nor an AGS", v)
	}
	switch {
	case len(v) == 8 && !isARS:
		return agsPrefix + v, nil
	case isAGS && len(v) != 2 && len(v) != 3 && len(v) != 5:
		return "", fmt.Errorf("%q is not an AGS (8 digits, or 2, 3 or 5 for Land, Regierungsbezirk, Kreis)", v)
	}
	if ars, ok := padARS(v); ok {
		return ars, nil
	}
	return "", fmt.Errorf("%q is neither an ARS (12 digits or a prefix of 2, 3, 5 or 9) nor an 8-digit AGS", v)
}

// padARS pads an ARS prefix (Land 2, Regierungsbezirk 3, Kreis 5,
// Gemeindeverband 9 or 12 digits) to 12 digits.
func padARS(s string) (string, bool) {
	switch len(s) {
	case 2, 3, 5, 9, 12:
		if digits(s) {
			return s + strings.Repeat("0", 12-len(s)), true
		}
	}
	return "", false
}

// resolveAreas turns the AGS of the responsibilities into ARS with the
// region table and leaves out, with a Skipped finding, every
// responsibility with an area that is not a known region: one bad row
// does not stop the file.
func resolveAreas(ctx context.Context, q store.Querier, file string, entries []ResponsibilityEntry) ([]ResponsibilityEntry, []Reject, error) {
	known, err := regionSet(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	var out []ResponsibilityEntry
	var findings []Reject
next:
	for _, e := range entries {
		regions := make([]string, 0, len(e.Regions))
		for _, r := range e.Regions {
			ars, err := areaARS(ctx, q, r)
			if err != nil {
				return nil, nil, err
			}
			if ars == "" || !known[ars] {
				findings = append(findings, Reject{File: file, Line: e.Line, Field: "zustaendigkeit/gebietID", Skipped: true,
					Reason: fmt.Sprintf("%s is no region of the catalog; zustaendigkeit skipped", strings.TrimPrefix(r, agsPrefix))})
				continue next
			}
			regions = append(regions, ars)
		}
		e.Regions = regions
		out = append(out, e)
	}
	return out, findings, nil
}

// areaARS is the ARS of a region key: itself, or the ARS of the Gemeinde
// with the AGS ("" when there is none).
func areaARS(ctx context.Context, q store.Querier, key string) (string, error) {
	ags, isAGS := strings.CutPrefix(key, agsPrefix)
	if !isAGS {
		return key, nil
	}
	var ars string
	err := q.QueryRowContext(ctx, "SELECT ars FROM region WHERE ags = $1 ORDER BY ars LIMIT 1", ags).Scan(&ars)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("region of AGS %s: %w", ags, err)
	}
	return ars, nil
}
