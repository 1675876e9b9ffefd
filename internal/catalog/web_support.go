package catalog

// Read helpers the portal's read model (package catalog/live), the web
// pages and the JSON API need beyond the finder and the imports.

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Fingerprint summarises the stored services — the catalog version every
// import bumps, the number of services and their latest change — so a
// process can notice any change, also one made by another process or by
// hand, with one cheap query and rebuild what it derived from them.
func Fingerprint(ctx context.Context, q store.Querier) (string, error) {
	var version, count int64
	var latest any
	err := q.QueryRowContext(ctx, `SELECT (SELECT version FROM catalog_version WHERE id = 1),
		COUNT(*), MAX(updated_at) FROM service`).Scan(&version, &count, &latest)
	if err != nil {
		return "", fmt.Errorf("catalog fingerprint: %w", err)
	}
	return fmt.Sprintf("v%d n%d t%v", version, count, latest), nil
}

// OfferedKeys returns the service keys and LeiKa groups (GroupOf) that
// have at least one responsibility of any tenant: services an authority
// of this installation actually provides.
func OfferedKeys(ctx context.Context, q store.Querier) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, "SELECT DISTINCT service_key FROM responsibility")
	if err != nil {
		return nil, fmt.Errorf("offered services: %w", err)
	}
	out := map[string]bool{}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var k string
		if err := row.Scan(&k); err != nil {
			return fmt.Errorf("offered services: %w", err)
		}
		out[k] = true
		return nil
	})
	return out, err
}

// AuthorityResponsibilities returns the responsibilities of one authority
// of the tenant, ordered by service key and region.
func AuthorityResponsibilities(ctx context.Context, q store.Querier, tenantID tenant.ID, authorityID int64) ([]Responsibility, error) {
	return queryResponsibilities(ctx, q, `SELECT id, tenant_id, service_key, region_ars, audience, authority_id
		FROM responsibility WHERE tenant_id = $1 AND authority_id = $2
		ORDER BY service_key, region_ars, audience`, tenantID, authorityID)
}

// ChildRegions returns the regions directly below ars, ordered by name
// (e.g. the Länder below Deutschland).
func ChildRegions(ctx context.Context, q store.Querier, ars string) ([]Region, error) {
	return queryRegions(ctx, q, "SELECT "+regionColumns+" FROM region WHERE parent_ars = $1 ORDER BY name, ars", ars)
}

// TenantArea returns the smallest region that contains every region named
// by the tenant's responsibilities (Deutschland when there are none): the
// natural scope of the tenant's coverage report.
func TenantArea(ctx context.Context, q store.Querier, tenantID tenant.ID) (Region, error) {
	arss, err := store.All(ctx, q, store.Column[string], "SELECT DISTINCT region_ars FROM responsibility WHERE tenant_id = $1", tenantID)
	if err != nil {
		return Region{}, fmt.Errorf("tenant area: %w", err)
	}
	area := ""
	for _, a := range arss {
		if area, err = commonAncestor(ctx, q, area, a); err != nil {
			return Region{}, err
		}
	}
	if area == "" {
		area = RootARS
	}
	return GetRegion(ctx, q, area)
}

// commonAncestor returns the lowest region that contains both a and b; an
// empty a stands for "nothing yet".
func commonAncestor(ctx context.Context, q store.Querier, a, b string) (string, error) {
	if a == "" || a == b {
		return b, nil
	}
	pathA, err := pathToRoot(ctx, q, a)
	if err != nil {
		return "", err
	}
	onA := map[string]bool{}
	for _, r := range pathA {
		onA[r] = true
	}
	pathB, err := pathToRoot(ctx, q, b)
	if err != nil {
		return "", err
	}
	for _, r := range pathB {
		if onA[r] {
			return r, nil
		}
	}
	return RootARS, nil
}

// pathToRoot lists ars and its ancestors up to Deutschland.
func pathToRoot(ctx context.Context, q store.Querier, ars string) ([]string, error) {
	var out []string
	for r := ars; r != ""; {
		reg, err := GetRegion(ctx, q, r)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
		r = reg.ParentARS
	}
	return out, nil
}
