package catalog

import (
	"context"
	"database/sql"
	"errors"
	"regexp"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

var agsRE = regexp.MustCompile(`^\d{8}$`)

// RegionByAGS returns the Gemeinde with the 8-digit Amtlicher
// Gemeindeschlüssel ags (the key FIT-Connect's routing and XZuFi's
// gebietID also use); an unknown one is fault.NotFound, a malformed one
// fault.Invalid.
func RegionByAGS(ctx context.Context, q store.Querier, ags string) (Region, error) {
	if !agsRE.MatchString(ags) {
		return Region{}, fault.New(fault.Invalid, "AGS %q must have 8 digits", ags)
	}
	r, err := scanRegion(q.QueryRowContext(ctx, "SELECT "+regionColumns+` FROM region WHERE ags = $1 AND level = $2
		ORDER BY ars LIMIT 1`, ags, LevelMunicipality))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fault.New(fault.NotFound, "no municipality with AGS %s", ags)
	}
	return r, wrapErr(err, "region by AGS %s", ags)
}
