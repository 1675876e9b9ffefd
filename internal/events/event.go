// Package events is the outbox of domain events (Ereignisse) that
// specialised systems (Fachverfahren) read from the API's event feed and
// receive as webhooks: an application was submitted, a case was routed,
// changed its status, was decided or withdrawn, a message was posted.
// They leave the system as CloudEvents 1.0 (cloudevent.go); amtsweg's own
// envelope (Event as JSON) is deprecated until EnvelopeSunset
// (deprecation.go).
//
// # Subscribers inside the process
//
// The same events, and a few internal ones that never reach the outbox
// (Type.Internal), are how capabilities follow each other's changes
// instead of calling injected hooks: Bus delivers each published event to
// its subscribers as jobs of the job queue, enqueued in the change's
// transaction (bus.go). docs/events.md lists every event with its
// producer, payload and subscribers.
//
// # One source of truth, written in the change's transaction
//
// The capability that makes a change calls AppendTx inside the *store.Tx of
// that change (casework's workflow step, apply's submit, the mailbox's
// post and reply), so an event exists exactly when its change committed.
// Each event has a stable random UUID for idempotent processing by
// receivers, and a feed position Seq.
//
// # Feed positions and concurrent transactions
//
// A plain auto-increment would be unsafe on PostgreSQL: transaction A
// takes 10, B takes 11, B commits first, a reader sees 11 and moves its
// cursor past 10, which then appears behind it and is never read. So Seq
// comes from a single-row counter (event_head) incremented with
// UPDATE ... RETURNING inside the change's transaction: the row lock is
// held until commit, so the next writer gets its position only after the
// previous one committed (or rolled back, which returns the position).
// Positions are thus gap-free and visible in order; the cost is that event
// writers queue for the rest of their transaction — the audit log's chain
// head already serialises the same transactions, so this adds no new
// contention. Call AppendTx near the end of the transaction, before
// audit.Append (both locks are always taken in that order). A group commit
// (apply's submissions) calls AppendBatchTx once for all its events: the
// counter moves by n in one statement, the positions stay consecutive and
// become visible together at commit.
package events

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Type names what happened.
type Type string

// The event types.
const (
	Submitted     Type = "application.submitted" // an application was submitted (authority 0: routed to clearing later)
	Routed        Type = "case.routed"           // a case was created for, or forwarded to, an authority
	StatusChanged Type = "case.status_changed"   // a case moved to another status
	Decided       Type = "case.decided"          // the notice was sent and the case decided
	Withdrawn     Type = "case.withdrawn"        // the applicant withdrew the application
	MessagePosted Type = "message.posted"        // a mailbox message, either direction
)

// Types lists every public event type (for the OpenAPI document).
func Types() []Type {
	return []Type{Submitted, Routed, StatusChanged, Decided, Withdrawn, MessagePosted}
}

// The internal event types: delivered to in-process subscribers (Bus)
// only, never written to the outbox, so the API feed and webhooks stay as
// they are. They carry ids and statuses like the public ones.
const (
	Accepted      Type = "application.accepted"       // apply took a submission in (receipt PDF stored, or left to its own job): route it
	ReceiptStored Type = "application.receipt_stored" // a receipt PDF stored after routing went ahead without it: file it
	FileDeleted   Type = "file.deleted"               // retention deleted a case's file (Akte): purge the case
	CasePurged    Type = "case.purged"                // a case's rows are gone: purge its application
)

// Internal reports whether events of type t stay inside the process
// (Bus subscribers only) instead of going to the outbox.
func (t Type) Internal() bool {
	switch t {
	case Accepted, ReceiptStored, FileDeleted, CasePurged:
		return true
	}
	return false
}

// Event is one domain event. TenantID and AuthorityID scope who may read
// it: a client of an authority sees that authority's events, a tenant-wide
// client all of the tenant's.
type Event struct {
	Seq           int64          `json:"seq"`
	ID            string         `json:"id"`
	Type          Type           `json:"type"`
	TenantID      tenant.ID      `json:"-"`
	AuthorityID   int64          `json:"authorityId"`
	ApplicationID int64          `json:"applicationId"`
	CaseID        int64          `json:"caseId,omitempty"`
	Reference     string         `json:"reference"`
	Data          map[string]any `json:"data"`
	At            time.Time      `json:"at"`
}

// AppendTx writes e to the outbox inside tx, the transaction of the change
// it reports, assigning its id, feed position and time. Data must hold ids
// and statuses, never personal data (events leave the system).
func AppendTx(ctx context.Context, tx *store.Tx, e Event) (Event, error) {
	out, err := AppendBatchTx(ctx, tx, []Event{e})
	if err != nil {
		return e, err
	}
	return out[0], nil
}

// AppendBatchTx writes evs to the outbox in order inside tx, like AppendTx,
// taking the feed counter once for all of them (UPDATE ... + n) and
// inserting them with one statement: a group commit of many changes
// holds the hot row for one statement's worth instead of one per event.
// The positions are consecutive and, as with AppendTx, become visible only
// when tx commits, after every earlier position.
func AppendBatchTx(ctx context.Context, tx *store.Tx, evs []Event) ([]Event, error) {
	if len(evs) == 0 {
		return nil, nil
	}
	out := make([]Event, len(evs))
	args := make([]any, 0, len(evs)*10)
	for i, e := range evs {
		if e.Type == "" || e.TenantID == 0 {
			return nil, fmt.Errorf("events: event without type or tenant")
		}
		if e.Type.Internal() {
			return nil, fmt.Errorf("events: %s is internal and never in the outbox", e.Type)
		}
		out[i] = stamp(e) // keeps the id DeliverBatchTx gave it
	}
	var last int64
	if err := tx.QueryRowContext(ctx, `UPDATE event_head SET last_seq = last_seq + $1 WHERE id = 1 RETURNING last_seq`,
		len(evs)).Scan(&last); err != nil {
		return nil, fmt.Errorf("events: take position: %w", err)
	}
	for i := range out {
		e := &out[i]
		e.Seq = last - int64(len(out)-1-i)
		data, err := json.Marshal(e.Data)
		if err != nil {
			return nil, fmt.Errorf("events: data: %w", err)
		}
		args = append(args, e.Seq, e.ID, e.Type, e.TenantID, e.AuthorityID, e.ApplicationID, e.CaseID, e.Reference, string(data), e.At)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO event (seq, id, type, tenant_id, authority_id, application_id, case_id,
		reference, data, at) VALUES `+store.Placeholders(len(out), 10), args...)
	if err != nil {
		return nil, fmt.Errorf("events: insert: %w", err)
	}
	return out, nil
}

// newUUID returns a random (version 4) UUID.
func newUUID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}
