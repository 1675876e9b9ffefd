package casework

import (
	"context"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Unread activity (ungelesene Aktivität): the applicant's reply to a
// request, message or upload marks the case (case_record.unread_since,
// the first such activity) until the one who works it opens the case
// page: the assignee, or for an unassigned case anyone of its unit. A head
// of unit looking at a colleague's case leaves the mark.

// UnreadSubscriber handles events.MessagePosted: OnMessagePosted.
const UnreadSubscriber = "casework.unread"

// markUnreadTx marks c as having the applicant's unread activity at.
func markUnreadTx(ctx context.Context, tx *store.Tx, c Case, at time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE case_record SET unread_since = COALESCE(unread_since, $1)
		WHERE id = $2 AND tenant_id = $3`, at, c.ID, c.TenantID); err != nil {
		return fmt.Errorf("casework: mark unread: %w", err)
	}
	return nil
}

// markSeen clears c's unread mark when staff is who reads it for the
// unit: its assignee, or anyone who sees it while it is unassigned.
func (s *Service) markSeen(ctx context.Context, staff Staff, c Case) error {
	if staff.AccountID == 0 || (c.AssigneeID != 0 && c.AssigneeID != staff.AccountID) || !staff.sees(c) {
		return nil
	}
	if _, err := s.db.ExecContext(ctx, `UPDATE case_record SET unread_since = NULL
		WHERE id = $1 AND tenant_id = $2 AND unread_since IS NOT NULL`, c.ID, c.TenantID); err != nil {
		return fmt.Errorf("casework: mark seen: %w", err)
	}
	return nil
}

// OnMessagePosted is the subscriber of events.MessagePosted: a message
// from the applicant (mailbox direction "from_applicant") marks its case
// unread; the authority's own messages do not.
func (s *Service) OnMessagePosted(ctx context.Context, e events.Event) error {
	if dir, _ := e.Data["direction"].(string); dir != "from_applicant" || e.CaseID == 0 {
		return nil
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		c, err := loadTenantCase(ctx, tx, e.TenantID, e.CaseID)
		if fault.Is(err, fault.NotFound) {
			return nil // purged meanwhile
		}
		if err != nil {
			return err
		}
		return markUnreadTx(ctx, tx, c, e.At.UTC())
	})
}
