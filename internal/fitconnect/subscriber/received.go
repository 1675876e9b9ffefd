package subscriber

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// The outcomes of a received submission (Ergebnis).
const (
	Accepted = "accepted"
	Rejected = "rejected"
)

// Decision is one received submission and what became of it.
type Decision struct {
	SubmissionID, DestinationID, CaseID string
	Outcome                             string // Accepted or Rejected
	ApplicationID                       int64  // the filed application; 0 when rejected
	Problems                            []Problem
	EventSent                           bool
	ReceivedAt                          time.Time
	// Service names the service (Verwaltungsleistung) as the submission
	// did in the clear; Sender is the sender's reference (Zeichen des
	// Absenders) from the metadata. Both "" when unknown.
	Service ServiceType
	Sender  string
}

// ReceivedQuery selects the decisions Received returns: one outcome (""
// for both), a page of Limit (1–500) from Offset.
type ReceivedQuery struct {
	Outcome       string
	Limit, Offset int
}

// check refuses an outcome that is none and a limit out of range.
func (q ReceivedQuery) check() error {
	if q.Outcome != "" && q.Outcome != Accepted && q.Outcome != Rejected {
		return fault.Fields("unknown outcome", fault.FieldError{Field: "outcome", Key: "field.invalid",
			Text: fmt.Sprintf("%q is not %s or %s", q.Outcome, Accepted, Rejected)})
	}
	if q.Limit < 1 || q.Limit > 500 || q.Offset < 0 {
		return fault.New(fault.Invalid, "a page is 1 to 500 decisions from offset 0 or more")
	}
	return nil
}

// Received returns a page of the tenant's received submissions, newest
// first, and how many q's outcome has in all: the FIT-Connect inbox
// (FIT-Connect-Eingang) of the tenant admin's page and of `amtsweg
// fitconnect inbox`.
func Received(ctx context.Context, q store.Querier, tenantID tenant.ID, rq ReceivedQuery) ([]Decision, int, error) {
	if err := rq.check(); err != nil {
		return nil, 0, err
	}
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM fitconnect_inbox WHERE tenant_id = $1 AND ($2 = '' OR outcome = $2)`,
		tenantID, rq.Outcome).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("fitconnect: inbox: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT submission_id, destination_id, case_id, outcome, COALESCE(application_id, 0),
		problems, event_sent, received_at, service_id, service_name, sender FROM fitconnect_inbox
		WHERE tenant_id = $1 AND ($2 = '' OR outcome = $2)
		ORDER BY received_at DESC, submission_id LIMIT $3 OFFSET $4`, tenantID, rq.Outcome, rq.Limit, rq.Offset)
	if err != nil {
		return nil, 0, fmt.Errorf("fitconnect: inbox: %w", err)
	}
	out, err := store.Collect(rows, nil, scanDecision)
	return out, total, err
}

func scanDecision(r store.Row) (Decision, error) {
	var d Decision
	var problems string
	if err := r.Scan(&d.SubmissionID, &d.DestinationID, &d.CaseID, &d.Outcome, &d.ApplicationID, &problems,
		&d.EventSent, &d.ReceivedAt, &d.Service.Identifier, &d.Service.Name, &d.Sender); err != nil {
		return d, fmt.Errorf("fitconnect: inbox: %w", err)
	}
	d.ReceivedAt = d.ReceivedAt.UTC()
	return d, json.Unmarshal([]byte(problems), &d.Problems)
}
