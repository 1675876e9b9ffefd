package catalog

import (
	"context"
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/store"
)

// PlaceLabel returns how a place (Gemeinde, by its 12-digit ARS) is shown
// to people: Place.Label, the same words the place suggestions and the
// finder use — "Neustadt in Sachsen, Landkreis Sächsische Schweiz-
// Osterzgebirge, Sachsen", "Dresden, Sachsen". It reads the place's
// district and state only. An unknown ARS is fault.NotFound.
func PlaceLabel(ctx context.Context, q store.Querier, ars string) (string, error) {
	r, err := GetRegion(ctx, q, ars)
	if err != nil {
		return "", err
	}
	if r.Level != LevelMunicipality || len(ars) != 12 {
		return placeNameBase(r.Name), nil
	}
	near, err := queryRegions(ctx, q, "SELECT "+regionColumns+" FROM region WHERE ars LIKE $1 OR ars = $2",
		ars[:5]+"%", ars[:2]+"0000000000")
	if err != nil {
		return "", fmt.Errorf("place label %s: %w", ars, err)
	}
	return placeLabels(near)[ars], nil
}

// placeLabels returns Place.Label for every municipality of regions, which
// must hold the districts, associations and states they lie in. Where two
// municipalities of one district would read alike ("Neuenkirchen" twice in
// Vorpommern-Greifswald), each gets its association (Amt,
// Verwaltungsgemeinschaft) too.
func placeLabels(regions []Region) map[string]string {
	byARS := make(map[string]Region, len(regions))
	for _, r := range regions {
		byARS[r.ARS] = r
	}
	labels, seen := map[string]string{}, map[string]int{}
	for _, r := range regions {
		if r.Level == LevelMunicipality {
			labels[r.ARS] = placeLabel(r, byARS, false)
			seen[labels[r.ARS]]++
		}
	}
	for ars, l := range labels {
		if seen[l] > 1 {
			labels[ars] = placeLabel(byARS[ars], byARS, true)
		}
	}
	return labels
}

// placeLabel composes one label: the name without its designations, the
// association if asked for, the district unless the place is one, the
// state unless the place is one.
func placeLabel(r Region, regions map[string]Region, association bool) string {
	parts := []string{placeNameBase(r.Name)}
	if a, ok := regions[r.ParentARS]; ok && association && a.Level == LevelAssociation && a.ARS != r.ARS {
		parts = append(parts, regionName(a))
	}
	if d, ok := regions[r.ARS[:5]+"0000000"]; ok && d.ARS != r.ARS && d.Level == LevelDistrict {
		parts = append(parts, regionName(d))
	}
	if s, ok := regions[r.ARS[:2]+"0000000000"]; ok && s.ARS != r.ARS {
		parts = append(parts, placeNameBase(s.Name))
	}
	return strings.Join(parts, ", ")
}

// regionName is a district's or association's name as people say it:
// "Landkreis Görlitz" for the Landkreis named "Görlitz", "Amt Züssow",
// but "Rhein-Neckar-Kreis" and "Städteregion Aachen" as they are.
func regionName(d Region) string {
	name := placeNameBase(d.Name)
	lower := strings.ToLower(name)
	kind := strings.ToLower(d.Kind)
	if d.Kind == "" || strings.Contains(lower, "kreis") || strings.Contains(lower, "region") ||
		strings.Contains(lower, kind) || strings.Contains(kind, "gemeinde") {
		return name
	}
	return d.Kind + " " + name
}
