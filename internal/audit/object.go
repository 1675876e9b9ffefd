package audit

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/store"
)

// ForObject returns the entries of one object of a tenant in the order they
// were written (the object's history, Historie), with their details; the
// xdomea export turns a case's entries into its HistorienProtokollInformation.
// Callers check that the reader may see the object.
func ForObject(ctx context.Context, q store.Querier, tenantID int64, objectType, objectID string) ([]Entry, error) {
	rows, err := q.QueryContext(ctx, `SELECT seq, at, COALESCE(tenant_id, 0), actor, action, object_type, object_id,
		details, prev_hash, hash FROM audit_log WHERE object_type = $1 AND object_id = $2 AND tenant_id = $3 ORDER BY seq`,
		objectType, objectID, tenantID)
	if err != nil {
		return nil, fmt.Errorf("audit: read %s %s: %w", objectType, objectID, err)
	}
	return store.Collect(rows, nil, func(row store.Row) (Entry, error) {
		var e Entry
		var details string
		err := row.Scan(&e.Seq, &e.At, &e.TenantID, &e.Actor, &e.Action, &e.ObjectType, &e.ObjectID, &details, &e.PrevHash, &e.Hash)
		if err != nil {
			return e, fmt.Errorf("audit: scan: %w", err)
		}
		e.At = e.At.UTC()
		if err := json.Unmarshal([]byte(details), &e.Details); err != nil {
			return e, fmt.Errorf("audit: details of row %d: %w", e.Seq, err)
		}
		return e, nil
	})
}
