package apply

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// SubmittedJob names apply's own subscriber of events.Submitted, which
// follows every submission: it stores the receipt PDF (as ReceiptPDFJob
// would) and then publishes events.Accepted, to which the back office
// subscribes (routing, case, confirmation mail). Routing never waits for
// the PDF: when rendering fails, the receipt gets a ReceiptPDFJob of its
// own and the submission is accepted without it.
type SubmittedJob struct{}

// Kind is the subscriber's name and job kind.
func (SubmittedJob) Kind() string { return string(events.Submitted) }

// ReceiptPDFJob renders and stores the receipt PDF when SubmittedJob could
// not, and publishes events.ReceiptStored (the back office files it in
// the case). It fails for good after receiptAttempts (about 80 minutes of
// retries); a tenant administrator can retry it after a fix
// (jobs.Queue.Retry).
type ReceiptPDFJob struct {
	ApplicationID int64 `json:"application_id"`
}

// Kind implements jobs.Args.
func (ReceiptPDFJob) Kind() string { return "application.receipt_pdf" }

// receiptAttempts bounds the attempts of a ReceiptPDFJob: a receipt that
// cannot be rendered is a bug to be fixed, and shows in the failed-jobs
// list (attempt⁴ s backoff: 1s, 16s, … about 80 minutes in all).
const receiptAttempts = 8

// CleanupJob deletes expired drafts with their uploads.
type CleanupJob struct{}

// Kind implements jobs.Args.
func (CleanupJob) Kind() string { return "application.draft_cleanup" }

// RegisterJobs registers the package's workers on q, which must be the
// queue the Service enqueues into, and schedules the draft cleanup and the
// orphan-blob sweep (orphans.go).
func (s *Service) RegisterJobs(q *jobs.Queue) {
	s.events.Handle(SubmittedJob{}.Kind(), s.followSubmission) // declared by New
	jobs.Register(q, s.receiptJob)
	jobs.Register(q, func(ctx context.Context, _ CleanupJob) error {
		n, err := s.DeleteExpiredDrafts(ctx, time.Now())
		if n > 0 {
			s.log.Info("expired drafts deleted", "count", n)
		}
		return err
	})
	q.AddPeriodic(jobs.Periodic{Every: s.cfg.CleanupEvery, Args: CleanupJob{}})
	jobs.Register(q, func(ctx context.Context, _ OrphanSweepJob) error {
		_, err := s.SweepOrphanBlobs(ctx, time.Now())
		return err
	})
	q.AddPeriodic(jobs.Periodic{Every: s.cfg.OrphanSweepEvery, Args: OrphanSweepJob{}})
}

// followSubmission is apply's subscriber of events.Submitted: the receipt
// PDF first, so routing files it with the new case in one transaction;
// events.Accepted is published in the transaction that stores it. When
// rendering fails, the receipt is left to a ReceiptPDFJob and the
// submission is accepted in the transaction that enqueues it.
func (s *Service) followSubmission(ctx context.Context, e events.Event) error {
	accept := func(tx *store.Tx) error { return s.publish(ctx, tx, e, events.Accepted) }
	err := s.storeReceiptPDF(ctx, e.ApplicationID, accept)
	if fault.Is(err, fault.NotFound) {
		return jobs.Permanent(err)
	}
	if err == nil {
		return nil
	}
	s.log.Warn("apply: receipt PDF failed; routing without it", "application", e.ApplicationID, "err", err)
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		_, err := s.jobs.EnqueueTx(ctx, tx, ReceiptPDFJob{ApplicationID: e.ApplicationID}, jobs.UniqueKey(strconv.FormatInt(e.ApplicationID, 10)),
			jobs.MaxAttempts(receiptAttempts), jobs.For(e.TenantID, e.Reference))
		if err != nil {
			return err
		}
		return accept(tx)
	})
}

// publish publishes the internal event typ that follows submission e,
// with a stable id: a job that runs twice publishes it once.
func (s *Service) publish(ctx context.Context, tx *store.Tx, e events.Event, typ events.Type) error {
	_, err := s.events.PublishTx(ctx, tx, events.Event{ID: string(typ) + ":" + strconv.FormatInt(e.ApplicationID, 10),
		Type: typ, TenantID: e.TenantID, AuthorityID: e.AuthorityID, ApplicationID: e.ApplicationID, Reference: e.Reference})
	return err
}

// receiptJob is the worker of ReceiptPDFJob: it stores the receipt PDF
// and publishes events.ReceiptStored in the same transaction.
func (s *Service) receiptJob(ctx context.Context, j ReceiptPDFJob) error {
	var e events.Event
	var ref sql.NullString
	err := s.db.QueryRowContext(ctx, `SELECT tenant_id, reference FROM application WHERE id = $1 AND status = 'submitted'`,
		j.ApplicationID).Scan(&e.TenantID, &ref)
	if errors.Is(err, sql.ErrNoRows) {
		return jobs.Permanent(notFound(j.ApplicationID))
	}
	if err != nil {
		return fmt.Errorf("apply: receipt job of %d: %w", j.ApplicationID, err)
	}
	e.ApplicationID, e.Reference = j.ApplicationID, ref.String
	err = s.storeReceiptPDF(ctx, j.ApplicationID, func(tx *store.Tx) error { return s.publish(ctx, tx, e, events.ReceiptStored) })
	if fault.Is(err, fault.NotFound) {
		return jobs.Permanent(err)
	}
	return err
}

// DeleteExpiredDrafts deletes the drafts untouched for longer than the
// configured DraftTTL at now, and guest drafts whose resume link expired
// or was revoked, with their attachments (rows first, then blobs). A
// submitted application is never deleted here. It returns how many drafts
// were deleted.
func (s *Service) DeleteExpiredDrafts(ctx context.Context, now time.Time) (int, error) {
	cutoff := now.Add(-s.cfg.DraftTTL).UTC()
	total := 0
	for {
		ids, err := s.expiredDrafts(ctx, cutoff, now.UTC())
		if err != nil || len(ids) == 0 {
			return total, err
		}
		for _, id := range ids {
			if err := s.deleteDraft(ctx, id, cutoff, now.UTC()); err != nil {
				return total, err
			}
			total++
		}
	}
}

const expiredWhere = `status = 'draft' AND (updated_at < $1 OR (account_id IS NULL AND
	(resume_hash IS NULL OR resume_expires_at IS NULL OR resume_expires_at < $2)))`

func (s *Service) expiredDrafts(ctx context.Context, cutoff, now time.Time) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM application WHERE `+expiredWhere+` ORDER BY id LIMIT 100`, cutoff, now)
	if err != nil {
		return nil, fmt.Errorf("apply: expired drafts: %w", err)
	}
	return store.IDs(rows)
}

// deleteDraft deletes one expired draft in one transaction (checking again
// that it is still an expired draft), then its blobs.
func (s *Service) deleteDraft(ctx context.Context, id int64, cutoff, now time.Time) error {
	var keys []string
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var tenantID tenant.ID
		err := tx.QueryRowContext(ctx, `SELECT tenant_id FROM application WHERE id = $3 AND `+expiredWhere, cutoff, now, id).Scan(&tenantID)
		if err == sql.ErrNoRows {
			return nil // touched or submitted meanwhile
		}
		if err != nil {
			return fmt.Errorf("apply: recheck draft %d: %w", id, err)
		}
		atts, err := listAttachments(ctx, tx, id)
		if err != nil {
			return err
		}
		for _, t := range atts {
			keys = append(keys, t.BlobKey)
		}
		for _, q := range []string{`DELETE FROM application_attachment WHERE application_id = $1`, `DELETE FROM application WHERE id = $1`} {
			if _, err := tx.ExecContext(ctx, q, id); err != nil {
				return fmt.Errorf("apply: delete draft %d: %w", id, err)
			}
		}
		return audit.Append(ctx, tx, audit.Entry{TenantID: int64(tenantID), Actor: "system", Action: "application.expire",
			ObjectType: "application", ObjectID: fmt.Sprint(id), Details: map[string]any{"attachments": len(atts)}})
	})
	if err != nil {
		return err
	}
	for _, k := range keys {
		s.deleteBlob(ctx, k)
	}
	return nil
}
