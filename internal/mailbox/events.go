package mailbox

import (
	"context"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// appendEvent writes the "message.posted" outbox event (package events)
// for m inside the message's transaction. The event carries the message
// id and direction, never its text. A message without a case (not routed
// yet) belongs to no authority's feed but the tenant's.
func appendEvent(ctx context.Context, tx *store.Tx, m Message) error {
	authority, err := casework.AuthorityOfApplication(ctx, tx, m.TenantID, m.ApplicationID)
	if err != nil {
		return err
	}
	_, err = events.AppendTx(ctx, tx, events.Event{Type: events.MessagePosted, TenantID: m.TenantID, AuthorityID: authority,
		ApplicationID: m.ApplicationID, CaseID: m.CaseID, At: m.CreatedAt, Reference: referenceOf(ctx, tx, m.TenantID, m.ApplicationID),
		Data: map[string]any{"messageId": m.ID, "direction": string(m.Direction)}})
	return err
}

// referenceOf is the application's reference number ("" if unknown),
// from apply's read model.
func referenceOf(ctx context.Context, tx *store.Tx, tenantID tenant.ID, applicationID int64) string {
	a, _ := apply.SummaryOf(ctx, tx, tenantID, applicationID)
	return a.Reference
}
