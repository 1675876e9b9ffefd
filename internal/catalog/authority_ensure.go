package catalog

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// EnsureAuthorityTx returns the id of tenantID's authority with key inside
// tx, adding it with name and kind at when there is none: the catalog's
// API for a single authority that another capability needs to exist
// (casework's clearing office, Clearingstelle).
func EnsureAuthorityTx(ctx context.Context, tx *store.Tx, tenantID tenant.ID, key, name, kind string, at time.Time) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM authority WHERE tenant_id = $1 AND authority_key = $2`, tenantID, key).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		// Another process may insert the same authority at this moment (two
		// processes starting together on one database): the unique key
		// decides, and the loser reads the winner's row.
		err = tx.QueryRowContext(ctx, `INSERT INTO authority (tenant_id, authority_key, name, kind, updated_at)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (tenant_id, authority_key) DO NOTHING RETURNING id`,
			tenantID, key, name, kind, at).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			err = tx.QueryRowContext(ctx, `SELECT id FROM authority WHERE tenant_id = $1 AND authority_key = $2`, tenantID, key).Scan(&id)
		}
	}
	return id, wrapErr(err, "ensure authority %s", key)
}
