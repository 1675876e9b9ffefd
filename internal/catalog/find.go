package catalog

import (
	"context"
	"database/sql"
	"errors"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Find answers "which authority is responsible for service serviceKey in
// region ars for audience?" straight from the database (one query); it is
// the reference the in-memory Finder must agree with.
//
// The rules, in order: the most specific region on the path from ars up to
// Deutschland wins (Gemeinde over Gemeindeverband over Kreis over
// Regierungsbezirk over Land over Deutschland); at the same region a
// responsibility for the exact service beats one for its LeiKa group; then
// one for exactly the asked audience beats one for all audiences, which
// beats (when the question names no audience) one for a single audience;
// ties go to the lower audience name, then the lower authority id.
// A responsibility for another audience than the asked one never matches.
func Find(ctx context.Context, q store.Querier, tenantID tenant.ID, serviceKey, ars string, audience Audience) (Authority, error) {
	if _, err := GetRegion(ctx, q, ars); err != nil {
		return Authority{}, err
	}
	group := GroupOf(serviceKey)
	if group == "" {
		group = serviceKey
	}
	row := q.QueryRowContext(ctx, `WITH RECURSIVE chain (ars, depth) AS (
			SELECT ars, 0 FROM region WHERE ars = $1
			UNION ALL
			SELECT r.parent_ars, c.depth + 1 FROM region r JOIN chain c ON r.ars = c.ars WHERE r.parent_ars IS NOT NULL
		)
		SELECT a.id FROM chain c
		JOIN responsibility x ON x.region_ars = c.ars AND x.tenant_id = $2 AND x.service_key IN ($3, $4)
		JOIN authority a ON a.id = x.authority_id
		WHERE x.audience IN ('', 'both') OR $5 IN ('', 'both') OR x.audience = $5
		ORDER BY c.depth,
			CASE WHEN x.service_key = $3 THEN 0 ELSE 1 END,
			CASE WHEN $5 <> '' AND x.audience = $5 THEN 0 WHEN x.audience IN ('', 'both') THEN 1 ELSE 2 END,
			x.audience, a.id
		LIMIT 1`, ars, tenantID, serviceKey, group, string(audience))
	var id int64
	err := row.Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return Authority{}, noAuthority(serviceKey, ars)
	}
	if err != nil {
		return Authority{}, wrapErr(err, "find authority")
	}
	return GetAuthority(ctx, q, tenantID, id)
}

// noAuthority is the not-found error of the finders.
func noAuthority(serviceKey, ars string) error {
	return fault.New(fault.NotFound, "no authority is responsible for service %s in region %s", serviceKey, ars)
}

// audienceRank orders the responsibilities at one region for a question:
// 0 exact audience, 1 for all, 2 for one audience when the question names
// none, -1 no match.
func audienceRank(asked, have Audience) int {
	switch {
	case asked != AudienceAny && have == asked:
		return 0
	case have == AudienceAny || have == AudienceBoth:
		return 1
	case asked == AudienceAny || asked == AudienceBoth:
		return 2
	}
	return -1
}
