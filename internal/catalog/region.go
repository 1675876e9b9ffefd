package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Region is one node of the official region tree (Gebiet), keyed by its
// 12-digit Amtlicher Regionalschlüssel (ARS = Land 2 + Regierungsbezirk 1 +
// Kreis 2 + Gemeindeverband 4 + Gemeinde 3 digits, zero-padded for the upper
// levels). Where several levels share one ARS — a kreisfreie Stadt is Kreis,
// Gemeindeverband and Gemeinde at once, Berlin and Hamburg are also a Land —
// there is one Region at the most specific level.
type Region struct {
	ARS string
	// AGS is the 8-digit Amtlicher Gemeindeschlüssel of a Gemeinde (Land +
	// Regierungsbezirk + Kreis + Gemeinde); "" for the other levels.
	AGS   string
	Level Level
	// Kind is the official designation, e.g. "Landkreis", "Große
	// Kreisstadt", "Gemeindefreies Gebiet, unbewohnt".
	Kind string
	Name string
	// ParentARS is the next region up; "" only for Deutschland.
	ParentARS  string
	Population int64
	AreaKm2    float64
	// Postcode is the main postal code GV-ISys gives for a Gemeinde; all
	// codes are in region_postcode (see RegionsByPostcode).
	Postcode  string
	Latitude  float64
	Longitude float64
}

// Level is the level of a region in the tree; a higher level is more
// specific.
type Level int

// The levels, from the root down.
const (
	LevelCountry      Level = iota // Deutschland (ARS 000000000000)
	LevelState                     // Land
	LevelGovDistrict               // Regierungsbezirk
	LevelDistrict                  // Kreis
	LevelAssociation               // Gemeindeverband
	LevelMunicipality              // Gemeinde
)

var levelNames = [...]string{"Deutschland", "Land", "Regierungsbezirk", "Kreis", "Gemeindeverband", "Gemeinde"}

// String returns the German name of the level.
func (l Level) String() string {
	if l < 0 || int(l) >= len(levelNames) {
		return fmt.Sprintf("Level(%d)", int(l))
	}
	return levelNames[l]
}

// RootARS is the ARS of Deutschland, the root for nationwide
// responsibilities.
const RootARS = "000000000000"

var arsRE = regexp.MustCompile(`^\d{12}$`)

// ValidARS reports whether s is a 12-digit ARS.
func ValidARS(s string) bool { return arsRE.MatchString(s) }

const regionColumns = `ars, ags, level, kind, name, COALESCE(parent_ars, ''), COALESCE(population, 0),
	COALESCE(area_km2, 0), postcode, COALESCE(latitude, 0), COALESCE(longitude, 0)`

func scanRegion(row interface{ Scan(...any) error }) (Region, error) {
	var r Region
	err := row.Scan(&r.ARS, &r.AGS, &r.Level, &r.Kind, &r.Name, &r.ParentARS, &r.Population,
		&r.AreaKm2, &r.Postcode, &r.Latitude, &r.Longitude)
	return r, err
}

// GetRegion returns the region with the 12-digit ARS.
func GetRegion(ctx context.Context, q store.Querier, ars string) (Region, error) {
	r, err := scanRegion(q.QueryRowContext(ctx, "SELECT "+regionColumns+" FROM region WHERE ars = $1", ars))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fault.New(fault.NotFound, "no region with ARS %s", ars)
	}
	return r, wrapErr(err, "get region %s", ars)
}

// queryRegions runs a query selecting regionColumns.
func queryRegions(ctx context.Context, q store.Querier, query string, args ...any) ([]Region, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("query regions: %w", err)
	}
	out, err := store.Collect(rows, nil, scanRegion)
	if err != nil {
		return nil, fmt.Errorf("scan region: %w", err)
	}
	return out, nil
}

// RegionsByPostcode returns every Gemeinde that has the 5-digit postal
// code (several Gemeinden can share one), ordered by name. No match is
// fault.NotFound.
func RegionsByPostcode(ctx context.Context, q store.Querier, postcode string) ([]Region, error) {
	postcode = strings.TrimSpace(postcode)
	if len(postcode) != 5 || strings.Trim(postcode, "0123456789") != "" {
		return nil, fault.New(fault.Invalid, "postal code %q must have 5 digits", postcode)
	}
	rs, err := queryRegions(ctx, q, "SELECT "+regionColumns+` FROM region WHERE level = $2 AND
		(postcode = $1 OR ars IN (SELECT ars FROM region_postcode WHERE postcode = $1)) ORDER BY name, ars`,
		postcode, LevelMunicipality)
	if err == nil && len(rs) == 0 {
		return nil, fault.New(fault.NotFound, "no municipality with postal code %s", postcode)
	}
	return rs, err
}

// RegionsByName returns up to limit Gemeinden whose official name or a
// place name of their postal codes starts with prefix (case and umlauts
// folded: "gorl", "Görl" and "Goerl" all find Görlitz), ordered by name.
func RegionsByName(ctx context.Context, q store.Querier, prefix string, limit int) ([]Region, error) {
	p := fold(prefix)
	if len([]rune(p)) < 2 {
		return nil, fault.New(fault.Invalid, "type at least two letters of the place name")
	}
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	like := store.EscapeLike(p) + "%"
	return queryRegions(ctx, q, "SELECT "+regionColumns+` FROM region WHERE level = $2 AND
		(name_folded LIKE $1 ESCAPE '\' OR ars IN (SELECT ars FROM region_postcode WHERE place_folded LIKE $1 ESCAPE '\'))
		ORDER BY name, ars LIMIT $3`, like, LevelMunicipality, limit)
}

// LookupRegions answers "who is responsible for me?" input: five digits are
// a postal code, anything else a place-name prefix.
func LookupRegions(ctx context.Context, q store.Querier, input string) ([]Region, error) {
	in := strings.TrimSpace(input)
	if len(in) == 5 && strings.Trim(in, "0123456789") == "" {
		return RegionsByPostcode(ctx, q, in)
	}
	return RegionsByName(ctx, q, in, 20)
}
