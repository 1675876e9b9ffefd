package catalog

import (
	"context"
	"fmt"
	"sort"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// CoverageRow tells for one service how many Gemeinden of the scope have a
// responsible authority (by the finder's rules) and which have none.
type CoverageRow struct {
	ServiceKey  string
	ServiceName string
	Covered     int
	Total       int
	// Gaps are the Gemeinden without a responsible authority, by ARS.
	Gaps []Region
}

// Coverage reports, for every service that has any responsibility of the
// tenant (directly or through its LeiKa group), in how many Gemeinden below
// scopeARS (RootARS for all of Germany, SaxonyARS for Sachsen) the finder
// returns an authority for any audience, and lists the gaps. Rows are
// ordered by coverage, worst first, then by service name.
func Coverage(ctx context.Context, q store.Querier, tenantID tenant.ID, scopeARS string) ([]CoverageRow, error) {
	idx, err := loadIndex(ctx, q)
	if err != nil {
		return nil, err
	}
	if _, ok := idx.parent[scopeARS]; !ok {
		return nil, fault.New(fault.NotFound, "no region with ARS %s", scopeARS)
	}
	municipalities, err := queryRegions(ctx, q, "SELECT "+regionColumns+" FROM region WHERE level = $1 ORDER BY ars", LevelMunicipality)
	if err != nil {
		return nil, err
	}
	services, err := coveredServices(ctx, q, idx, tenantID)
	if err != nil {
		return nil, err
	}
	var rows []CoverageRow
	for _, s := range services {
		row := CoverageRow{ServiceKey: s.Key, ServiceName: s.Name}
		for _, m := range municipalities {
			if !idx.below(m.ARS, scopeARS) {
				continue
			}
			row.Total++
			if _, err := idx.find(tenantID, s.Key, m.ARS, AudienceAny); err == nil {
				row.Covered++
			} else {
				row.Gaps = append(row.Gaps, m)
			}
		}
		rows = append(rows, row)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		if ri, rj := rows[i].ratio(), rows[j].ratio(); ri != rj {
			return ri < rj
		}
		return rows[i].ServiceName < rows[j].ServiceName
	})
	return rows, nil
}

func (r CoverageRow) ratio() float64 {
	if r.Total == 0 {
		return 1
	}
	return float64(r.Covered) / float64(r.Total)
}

// String formats the row for the CLI: "key name: covered/total".
func (r CoverageRow) String() string {
	return fmt.Sprintf("%s %s: %d/%d Gemeinden", r.ServiceKey, r.ServiceName, r.Covered, r.Total)
}

// coveredServices lists the services named by the tenant's
// responsibilities, a group standing for all its services.
func coveredServices(ctx context.Context, q store.Querier, idx *index, tenantID tenant.ID) ([]Service, error) {
	keys := map[string]bool{}
	for k := range idx.resp {
		if k.tenant == tenantID {
			keys[k.service] = true
		}
	}
	all, err := ListServices(ctx, q)
	if err != nil {
		return nil, err
	}
	var out []Service
	for _, s := range all {
		if keys[s.Key] || keys[GroupOf(s.Key)] {
			out = append(out, s)
		}
	}
	return out, nil
}

// below reports whether region ars lies in (or is) the region scope.
func (idx *index) below(ars, scope string) bool {
	if scope == RootARS {
		return true
	}
	for r := ars; r != ""; r = idx.parent[r] {
		if r == scope {
			return true
		}
	}
	return false
}
