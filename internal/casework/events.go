package casework

import (
	"context"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/store"
)

// appendEvent writes the outbox event (package events) of one workflow
// step inside its transaction: routed for a new or forwarded case,
// decided, withdrawn, or status changed for any other change of status.
// Steps that keep the status (notes, assignment, notice drafts) are
// internal and emit nothing. The authority is read from the case row as
// the step leaves it, so a forwarded case's event belongs to the new
// authority.
func appendEvent(ctx context.Context, tx *store.Tx, c Case, action string, to Status, details map[string]any, at time.Time) error {
	var typ events.Type
	switch {
	case action == "create" || action == string(ActForward):
		typ = events.Routed
	case action == string(ActDecide):
		typ = events.Decided
	case action == string(ActWithdraw):
		typ = events.Withdrawn
	case c.Status != to:
		typ = events.StatusChanged
	default:
		return nil
	}
	var authority int64
	if err := tx.QueryRowContext(ctx, `SELECT authority_id FROM case_record WHERE id = $1 AND tenant_id = $2`, c.ID, c.TenantID).Scan(&authority); err != nil {
		return fmt.Errorf("casework: event authority: %w", err)
	}
	data := map[string]any{"action": action, "from": string(c.Status), "to": string(to)}
	if o, ok := details["outcome"]; ok {
		data["outcome"] = o
	}
	_, err := events.AppendTx(ctx, tx, events.Event{Type: typ, TenantID: c.TenantID, AuthorityID: authority,
		ApplicationID: c.ApplicationID, CaseID: c.ID, Reference: c.Reference, Data: data, At: at})
	return err
}
