package casework

import (
	"context"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Unread activity (ungelesene Aktivität): the applicant's reply to a
// request (Answer, with its files) or free message (ApplicantMessageTx,
// from the mailbox) marks the case (case_record.unread_since, the first
// such activity) until the one who works it opens the case page: the
// assignee, or for an unassigned case anyone of its unit. A head of unit
// looking at a colleague's case leaves the mark.

// markUnreadTx marks c as having the applicant's unread activity at.
func markUnreadTx(ctx context.Context, tx *store.Tx, c Case, at time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE case_record SET unread_since = COALESCE(unread_since, $1)
		WHERE id = $2 AND tenant_id = $3`, at.UTC(), c.ID, c.TenantID); err != nil {
		return fmt.Errorf("casework: mark unread: %w", err)
	}
	return nil
}

// ApplicantMessageTx marks case caseID of tenantID unread in the inbox
// inside the mailbox's own transaction tx: the applicant wrote a message
// (Nachricht) at, so it commits with the message. A message without a
// case (caseID 0) marks nothing.
func ApplicantMessageTx(ctx context.Context, tx *store.Tx, tenantID tenant.ID, caseID int64, at time.Time) error {
	if caseID == 0 {
		return nil
	}
	return markUnreadTx(ctx, tx, Case{ID: caseID, TenantID: tenantID}, at)
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
