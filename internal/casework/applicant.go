package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Progress is the status of a case as the applicant sees it.
type Progress string

// The statuses shown to the applicant.
const (
	ProgressReceived  Progress = "received"      // Eingegangen
	ProgressInReview  Progress = "in_review"     // In Bearbeitung
	ProgressYourTurn  Progress = "action_needed" // Ihre Mitwirkung ist erforderlich
	ProgressDecided   Progress = "decided"       // Entschieden: der Bescheid liegt im Postfach
	ProgressWithdrawn Progress = "withdrawn"     // Zurückgenommen
)

// ApplicantView is what the portal and the mailbox show the applicant
// about their case; internal data (assignee, notes, flags) stays out.
type ApplicantView struct {
	CaseID     int64
	Reference  string
	Progress   Progress
	Outcome    Outcome // set once decided
	ReceivedAt time.Time
	DecidedAt  time.Time
	// OpenRequests counts the requests waiting for the applicant's answer.
	OpenRequests int
}

// ApplicantStatus returns the applicant's view of the case of their
// application; fault.NotFound while no case exists yet (routing runs
// shortly after the submission).
func ApplicantStatus(ctx context.Context, q store.Querier, who Applicant) (ApplicantView, error) {
	var v ApplicantView
	var status Status
	var decided sql.NullTime
	err := q.QueryRowContext(ctx, `SELECT c.id, c.reference, c.status, c.outcome, c.received_at, c.decided_at,
		(SELECT COUNT(*) FROM case_request r WHERE r.case_id = c.id AND r.status = 'open')
		FROM case_record c WHERE c.application_id = $1 AND c.tenant_id = $2`, who.ApplicationID, who.TenantID).
		Scan(&v.CaseID, &v.Reference, &status, &v.Outcome, &v.ReceivedAt, &decided, &v.OpenRequests)
	if errors.Is(err, sql.ErrNoRows) {
		return v, fault.New(fault.NotFound, "no case for application %d yet", who.ApplicationID)
	}
	if err != nil {
		return v, fmt.Errorf("casework: applicant status: %w", err)
	}
	v.ReceivedAt, v.DecidedAt = v.ReceivedAt.UTC(), timeOf(decided)
	v.Progress = map[Status]Progress{Received: ProgressReceived, InReview: ProgressInReview, Waiting: ProgressYourTurn,
		Decided: ProgressDecided, Closed: ProgressDecided, Withdrawn: ProgressWithdrawn}[status]
	return v, nil
}

// Withdraw records that the applicant withdraws their application
// (Antragsrücknahme) before the decision, with an optional reason: the case
// is withdrawn and its file closed (the retention starts).
func (s *Service) Withdraw(ctx context.Context, who Applicant, reason string) error {
	now := s.now()
	doc, err := s.akte.PutText(ctx, who.TenantID, akte.MessageIn, "Rücknahme des Antrags", "Ruecknahme.txt",
		fmt.Sprintf("Der Antragsteller hat den Antrag am %s zurückgenommen.\n\nBegründung: %s\n", germanDateTime(now), orDash(reason)))
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM case_record WHERE application_id = $1 AND tenant_id = $2`,
			who.ApplicationID, who.TenantID).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return fault.New(fault.NotFound, "no case for application %d", who.ApplicationID)
		}
		if err != nil {
			return err
		}
		c, err := lockTenantCase(ctx, tx, who.TenantID, id)
		if err != nil {
			return err
		}
		t, err := transition(ActWithdraw, c.Status, ByApplicant)
		if err != nil {
			return err
		}
		doc.CaseID, doc.Author, doc.Ref, doc.FiledAt = c.ID, "Antragsteller", "withdrawal", now
		if _, err := akte.FileTx(ctx, tx, doc); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE case_request SET status = 'cancelled' WHERE case_id = $1 AND status = 'open'`, c.ID); err != nil {
			return err
		}
		if _, err := s.setStatus(ctx, tx, c, t.To); err != nil {
			return err
		}
		return s.step(ctx, tx, c, "applicant", string(ActWithdraw), t.To, reasonDetail(reason))
	})
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}
