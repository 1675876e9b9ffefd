package events

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Scope is whose events a reader sees: one tenant, and within it one
// authority, or all of the tenant's when AuthorityID is 0.
type Scope struct {
	TenantID    tenant.ID
	AuthorityID int64
}

// MaxPage is the most events Feed returns at once.
const MaxPage = 500

// Feed returns up to limit events of scope after feed position after, in
// order. A client that missed events (down, webhooks failed) catches up by
// calling it with the Seq of the last event it processed; positions only
// grow and never appear out of order (see the package comment).
func Feed(ctx context.Context, q store.Querier, scope Scope, after int64, limit int) ([]Event, error) {
	if limit <= 0 || limit > MaxPage {
		limit = MaxPage
	}
	query := `SELECT seq, id, type, tenant_id, authority_id, application_id, case_id, reference, data, at
		FROM event WHERE tenant_id = $1 AND seq > $2`
	args := []any{scope.TenantID, after}
	if scope.AuthorityID != 0 {
		query += ` AND authority_id = $4`
		args = append(args, limit, scope.AuthorityID)
	} else {
		args = append(args, limit)
	}
	rows, err := q.QueryContext(ctx, query+` ORDER BY seq LIMIT $3`, args...)
	if err != nil {
		return nil, fmt.Errorf("events: feed: %w", err)
	}
	out := []Event{}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var e Event
		var data string
		if err := row.Scan(&e.Seq, &e.ID, &e.Type, &e.TenantID, &e.AuthorityID, &e.ApplicationID, &e.CaseID,
			&e.Reference, &data, &e.At); err != nil {
			return err
		}
		e.At = e.At.UTC()
		if err := json.Unmarshal([]byte(data), &e.Data); err != nil {
			return fmt.Errorf("events: decode %s: %w", e.ID, err)
		}
		out = append(out, e)
		return nil
	})
	return out, err
}

// Get returns the event at feed position seq if scope may read it (the
// same rule as Feed); otherwise an error wrapping sql.ErrNoRows.
func Get(ctx context.Context, q store.Querier, scope Scope, seq int64) (Event, error) {
	var e Event
	var data string
	query := `SELECT seq, id, type, tenant_id, authority_id, application_id, case_id, reference,
		data, at FROM event WHERE seq = $1 AND tenant_id = $2`
	args := []any{seq, scope.TenantID}
	if scope.AuthorityID != 0 {
		query += ` AND authority_id = $3`
		args = append(args, scope.AuthorityID)
	}
	err := q.QueryRowContext(ctx, query, args...).Scan(&e.Seq, &e.ID, &e.Type, &e.TenantID, &e.AuthorityID,
		&e.ApplicationID, &e.CaseID, &e.Reference, &data, &e.At)
	if err != nil {
		return e, fmt.Errorf("events: event %d: %w", seq, err)
	}
	e.At = e.At.UTC()
	return e, json.Unmarshal([]byte(data), &e.Data)
}
