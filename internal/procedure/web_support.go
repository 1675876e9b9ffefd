package procedure

// Read helpers the portal's catalog pages need: which services an online
// procedure serves.

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/store"
)

// Served maps every LeiKa key that the latest version of a nationwide
// procedure serves to that procedure's id (the lowest id when several
// procedures serve one key).
func Served(ctx context.Context, q store.Querier) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.procedure_id, p.definition FROM procedure_version p
		WHERE p.tenant_id IS NULL AND p.version = (SELECT MAX(v.version) FROM procedure_version v
			WHERE v.tenant_id IS NULL AND v.procedure_id = p.procedure_id)
		ORDER BY p.procedure_id`)
	if err != nil {
		return nil, fmt.Errorf("served services: %w", err)
	}
	out := map[string]string{}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var id string
		var def []byte
		if err := row.Scan(&id, &def); err != nil {
			return fmt.Errorf("served services: %w", err)
		}
		var d struct {
			LeiKa    []string `json:"leika"`
			Services []string `json:"services"`
		}
		if err := json.Unmarshal(def, &d); err != nil {
			return fmt.Errorf("served services: procedure %s: %w", id, err)
		}
		for _, k := range append(d.LeiKa, d.Services...) {
			if _, ok := out[k]; !ok {
				out[k] = id
			}
		}
		return nil
	})
	return out, err
}

// Fingerprint summarises the published procedure versions (their number
// and the latest publication), so a process can notice a new one cheaply.
func Fingerprint(ctx context.Context, q store.Querier) (string, error) {
	var count int64
	var latest any
	err := q.QueryRowContext(ctx, "SELECT COUNT(*), MAX(published_at) FROM procedure_version").Scan(&count, &latest)
	if err != nil {
		return "", fmt.Errorf("procedure fingerprint: %w", err)
	}
	return fmt.Sprintf("n%d t%v", count, latest), nil
}
