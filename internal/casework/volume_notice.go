package casework

import (
	"context"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// HasNotices reports whether the tenant has a notice (Bescheid) in any
// state: the demo history writes its notices once (its resume check).
func HasNotices(ctx context.Context, db *store.DB, tenantID tenant.ID) (bool, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM case_notice WHERE tenant_id = $1 LIMIT 1) x`,
		tenantID).Scan(&n)
	return n > 0, err
}
