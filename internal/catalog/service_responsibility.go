package catalog

import (
	"context"
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// ServiceResponsibilities returns the tenant's responsibilities
// (Zuständigkeiten) for any of the service keys or their LeiKa groups,
// ordered by authority and region: who may handle a case of a procedure
// serving those services. No keys: none.
func ServiceResponsibilities(ctx context.Context, q store.Querier, tenantID tenant.ID, keys []string) ([]Responsibility, error) {
	var want []any
	seen := map[string]bool{}
	for _, k := range keys {
		for _, v := range []string{k, GroupOf(k)} {
			if v != "" && !seen[v] {
				seen[v] = true
				want = append(want, v)
			}
		}
	}
	if len(want) == 0 {
		return nil, nil
	}
	marks := make([]string, len(want))
	for i := range want {
		marks[i] = fmt.Sprintf("$%d", i+2)
	}
	return queryResponsibilities(ctx, q, `SELECT id, tenant_id, service_key, region_ars, audience, authority_id
		FROM responsibility WHERE tenant_id = $1 AND service_key IN (`+strings.Join(marks, ", ")+`)
		ORDER BY authority_id, region_ars`, append([]any{tenantID}, want...)...)
}

// RegionPaths returns for each ARS its path up the region tree: the
// region itself first, Deutschland last; an unknown ARS is its own path.
// It reads one level of the tree per query (at most six).
func RegionPaths(ctx context.Context, q store.Querier, ars []string) (map[string][]string, error) {
	parent := map[string]string{}
	todo := ars
	for len(todo) > 0 {
		var next []string
		args := make([]any, 0, len(todo))
		marks := make([]string, 0, len(todo))
		for _, a := range todo {
			if _, ok := parent[a]; !ok && a != "" {
				parent[a] = "" // asked; overwritten when found
				args = append(args, a)
				marks = append(marks, fmt.Sprintf("$%d", len(args)))
			}
		}
		if len(args) == 0 {
			break
		}
		rows, err := q.QueryContext(ctx, `SELECT ars, COALESCE(parent_ars, '') FROM region WHERE ars IN (`+strings.Join(marks, ", ")+`)`, args...)
		if err != nil {
			return nil, fmt.Errorf("region paths: %w", err)
		}
		err = store.ForEach(rows, nil, func(row store.Row) error {
			var a, p string
			if err := row.Scan(&a, &p); err != nil {
				return err
			}
			parent[a] = p
			next = append(next, p)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("region paths: %w", err)
		}
		todo = next
	}
	out := map[string][]string{}
	for _, a := range ars {
		for r := a; r != "" && len(out[a]) < 16; r = parent[r] {
			out[a] = append(out[a], r)
		}
	}
	return out, nil
}
