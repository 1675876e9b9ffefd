package procedure

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/store"
)

// LatestShared returns the latest published version of every nationwide
// procedure, by id: the catalog's read model keeps them so service pages
// and search results can describe a service by its procedure (intro,
// documents, fees, deadline) without a query per page.
func LatestShared(ctx context.Context, q store.Querier) (map[string]*Definition, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.procedure_id, p.definition FROM procedure_version p
		WHERE p.tenant_id IS NULL AND p.version = (SELECT MAX(v.version) FROM procedure_version v
			WHERE v.tenant_id IS NULL AND v.procedure_id = p.procedure_id)`)
	if err != nil {
		return nil, fmt.Errorf("latest procedures: %w", err)
	}
	out := map[string]*Definition{}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var id string
		var raw []byte
		if err := row.Scan(&id, &raw); err != nil {
			return fmt.Errorf("latest procedures: %w", err)
		}
		def := new(Definition)
		if err := json.Unmarshal(raw, def); err != nil {
			return fmt.Errorf("latest procedures: procedure %s: %w", id, err)
		}
		out[id] = def
		return nil
	})
	return out, err
}
