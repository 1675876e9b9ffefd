package catalog

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/store"
)

// PlaceLabel returns how a place (Gemeinde, by its 12-digit ARS) is shown
// to people: its official name, and where another Gemeinde has the same
// name, with its district (Kreis) added — "Neustadt, Landkreis Harburg" —
// or, where that does not tell them apart either (or the place is its
// own district), its state. An unknown ARS is fault.NotFound.
func PlaceLabel(ctx context.Context, q store.Querier, ars string) (string, error) {
	r, err := GetRegion(ctx, q, ars)
	if err != nil {
		return "", err
	}
	var twins int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM region WHERE name_folded = $1 AND level = $2 AND name = $3`,
		fold(r.Name), LevelMunicipality, r.Name).Scan(&twins); err != nil {
		return "", fmt.Errorf("place label %s: %w", ars, err)
	}
	if twins <= 1 || len(ars) != 12 {
		return r.Name, nil
	}
	district, err := GetRegion(ctx, q, ars[:5]+"0000000")
	if err == nil && district.ARS != r.ARS {
		var sameDistrict int
		if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM region WHERE name_folded = $1 AND level = $2 AND name = $3 AND ars LIKE $4`,
			fold(r.Name), LevelMunicipality, r.Name, ars[:5]+"%").Scan(&sameDistrict); err != nil {
			return "", fmt.Errorf("place label %s: %w", ars, err)
		}
		if sameDistrict <= 1 {
			return r.Name + ", " + district.Name, nil
		}
	}
	if state, err := GetRegion(ctx, q, ars[:2]+"0000000000"); err == nil && state.ARS != r.ARS {
		return r.Name + ", " + state.Name, nil
	}
	return r.Name, nil
}
