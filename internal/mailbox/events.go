package mailbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// appendEvent writes the "message.posted" outbox event (package events)
// for m inside the message's transaction. The event carries the message
// id and direction, never its text. A message without a case (not routed
// yet) belongs to no authority's feed but the tenant's.
func appendEvent(ctx context.Context, tx *store.Tx, m Message) error {
	var authority int64
	err := tx.QueryRowContext(ctx, `SELECT authority_id FROM case_record WHERE application_id = $1 AND tenant_id = $2`,
		m.ApplicationID, m.TenantID).Scan(&authority)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("mailbox: event authority: %w", err)
	}
	_, err = events.AppendTx(ctx, tx, events.Event{Type: events.MessagePosted, TenantID: m.TenantID, AuthorityID: authority,
		ApplicationID: m.ApplicationID, CaseID: m.CaseID, At: m.CreatedAt, Reference: referenceOf(ctx, tx, m.TenantID, m.ApplicationID),
		Data: map[string]any{"messageId": m.ID, "direction": string(m.Direction)}})
	return err
}

// referenceOf is the application's reference number ("" if unknown).
func referenceOf(ctx context.Context, tx *store.Tx, tenantID tenant.ID, applicationID int64) string {
	var ref sql.NullString
	tx.QueryRowContext(ctx, `SELECT reference FROM application WHERE id = $1 AND tenant_id = $2`, applicationID, tenantID).Scan(&ref)
	return ref.String
}
