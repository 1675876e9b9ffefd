package subscriber

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Decision is one received submission and what became of it.
type Decision struct {
	SubmissionID, DestinationID, CaseID string
	Outcome                             string // accepted or rejected
	ApplicationID                       int64  // the filed application; 0 when rejected
	Problems                            []Problem
	EventSent                           bool
	ReceivedAt                          time.Time
}

// Received returns the tenant's last limit received submissions, newest
// first: what the tenant admin sees of the FIT-Connect inbox.
func Received(ctx context.Context, q store.Querier, tenantID tenant.ID, limit int) ([]Decision, error) {
	rows, err := q.QueryContext(ctx, `SELECT submission_id, destination_id, case_id, outcome, COALESCE(application_id, 0),
		problems, event_sent, received_at FROM fitconnect_inbox WHERE tenant_id = $1
		ORDER BY received_at DESC, submission_id LIMIT $2`, tenantID, limit)
	if err != nil {
		return nil, fmt.Errorf("fitconnect: inbox: %w", err)
	}
	return store.Collect(rows, nil, func(r store.Row) (Decision, error) {
		var d Decision
		var problems string
		if err := r.Scan(&d.SubmissionID, &d.DestinationID, &d.CaseID, &d.Outcome, &d.ApplicationID, &problems,
			&d.EventSent, &d.ReceivedAt); err != nil {
			return d, fmt.Errorf("fitconnect: inbox: %w", err)
		}
		d.ReceivedAt = d.ReceivedAt.UTC()
		return d, json.Unmarshal([]byte(problems), &d.Problems)
	})
}
