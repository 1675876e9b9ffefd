package catalog

import (
	"context"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// respKey identifies a responsibility within a tenant.
type respKey struct {
	service, ars string
	audience     Audience
}

// saveResponsibilities upserts the responsibility entries of a file; each
// reference must resolve, otherwise the entry is rejected (and the caller
// rolls back).
func saveResponsibilities(ctx context.Context, tx *store.Tx, tenantID tenant.ID, entries []ResponsibilityEntry, authorities map[string]int64, sum *Summary, p *progress) error {
	services, groups, err := serviceKeySets(ctx, tx)
	if err != nil {
		return err
	}
	regions, err := regionSet(ctx, tx)
	if err != nil {
		return err
	}
	stored, err := ListResponsibilities(ctx, tx, tenantID)
	if err != nil {
		return err
	}
	old := make(map[respKey]Responsibility, len(stored))
	for _, r := range stored {
		old[respKey{r.ServiceKey, r.RegionARS, r.Audience}] = r
	}
	now := time.Now().UTC()
	inFile := map[respKey]int{} // line where the file first assigned a key
	for _, e := range entries {
		p.step()
		auth, ok := checkRefs(e, services, groups, regions, authorities, sum)
		if !ok {
			continue
		}
		for _, ars := range e.Regions {
			k := respKey{e.Service, ars, e.Audience}
			if line, dup := inFile[k]; dup && old[k].AuthorityID != auth {
				sum.Rejected = append(sum.Rejected, Reject{File: sum.File, Line: e.Line, Field: "regions",
					Reason: fmt.Sprintf("%s in %s already assigned to another authority on line %d", e.Service, ars, line)})
				continue
			}
			inFile[k] = e.Line
			o, err := upsertResponsibility(ctx, tx, tenantID, k, auth, old, now)
			if err != nil {
				return fmt.Errorf("%s:%d: save responsibility: %w", sum.File, e.Line, err)
			}
			old[k] = Responsibility{ServiceKey: k.service, RegionARS: ars, Audience: k.audience, AuthorityID: auth, ID: -1}
			sum.count(o)
		}
	}
	return nil
}

// checkRefs resolves the references of one entry, adding a reject for each
// one that does not resolve.
func checkRefs(e ResponsibilityEntry, services, groups, regions map[string]bool, authorities map[string]int64, sum *Summary) (int64, bool) {
	ok := true
	bad := func(field, format string, args ...any) {
		sum.Rejected = append(sum.Rejected, Reject{File: sum.File, Line: e.Line, Field: field, Reason: fmt.Sprintf(format, args...)})
		ok = false
	}
	if !services[e.Service] && !groups[e.Service] {
		bad("service", "no service or LeiKa group %q in the catalog", e.Service)
	}
	for _, ars := range e.Regions {
		if !regions[ars] {
			bad("regions", "no region with ARS %s", ars)
		}
	}
	auth, found := authorities[e.Authority]
	if !found {
		bad("authority", "no authority %q in the file or the database", e.Authority)
	}
	return auth, ok
}

// upsertResponsibility inserts k → auth, or moves it to auth.
func upsertResponsibility(ctx context.Context, tx *store.Tx, tenantID tenant.ID, k respKey, auth int64, old map[respKey]Responsibility, now time.Time) (outcome, error) {
	prev, have := old[k]
	switch {
	case !have:
		_, err := tx.ExecContext(ctx, `INSERT INTO responsibility (tenant_id, service_key, region_ars, audience, authority_id, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, tenantID, k.service, k.ars, k.audience, auth, now)
		return created, err
	case prev.AuthorityID != auth:
		_, err := tx.ExecContext(ctx, `UPDATE responsibility SET authority_id = $1, updated_at = $2
			WHERE tenant_id = $3 AND service_key = $4 AND region_ars = $5 AND audience = $6`,
			auth, now, tenantID, k.service, k.ars, k.audience)
		return updated, err
	}
	return unchanged, nil
}

// serviceKeySets returns all service keys and all LeiKa groups in use.
func serviceKeySets(ctx context.Context, q store.Querier) (keys, groups map[string]bool, err error) {
	rows, err := q.QueryContext(ctx, "SELECT service_key FROM service")
	if err != nil {
		return nil, nil, fmt.Errorf("read service keys: %w", err)
	}
	keys, groups = map[string]bool{}, map[string]bool{}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var k string
		if err := row.Scan(&k); err != nil {
			return err
		}
		keys[k] = true
		if g := GroupOf(k); g != "" {
			groups[g] = true
		}
		return nil
	})
	return keys, groups, err
}

// regionSet returns the ARS of every stored region.
func regionSet(ctx context.Context, q store.Querier) (map[string]bool, error) {
	rows, err := q.QueryContext(ctx, "SELECT ars FROM region")
	if err != nil {
		return nil, fmt.Errorf("read regions: %w", err)
	}
	m := map[string]bool{}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var ars string
		if err := row.Scan(&ars); err != nil {
			return err
		}
		m[ars] = true
		return nil
	})
	return m, err
}
