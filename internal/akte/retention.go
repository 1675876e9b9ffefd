package akte

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// RetentionJob is the daily job that deletes files whose retention period
// (Aufbewahrungsfrist) ran out.
type RetentionJob struct{}

// Kind names the job.
func (RetentionJob) Kind() string { return "akte.retention" }

// Register makes q run the retention job daily at 02:30 UTC. Call it in
// every process before q.Start.
func (s *Service) Register(q *jobs.Queue) {
	jobs.Register(q, func(ctx context.Context, _ RetentionJob) error {
		rep, err := s.RunRetention(ctx, false)
		if err != nil {
			return err
		}
		s.log.Info("retention run", "deleted", len(rep.Deleted), "held", rep.Held)
		return nil
	})
	q.AddPeriodic(jobs.Periodic{Every: 24 * time.Hour, Offset: 150 * time.Minute, Args: RetentionJob{}})
}

// Due is a file whose retention ran out.
type Due struct {
	CaseID      int64
	TenantID    tenant.ID
	Reference   string
	ProcedureID string
	ClosedAt    time.Time
	DeleteAfter time.Time
	Documents   int
}

// RetentionReport says what a retention run deleted (or, in a dry run,
// would delete) and how many due files stayed because of a legal hold.
type RetentionReport struct {
	DryRun  bool
	Deleted []Due
	Held    int
}

// RunRetention deletes every file due at the service clock's now that is
// not on legal hold and not to be offered to the archive (Aussonderungsart
// A or B: those leave through the archive conversation, archive.go):
// documents and blobs, leaving
// one minimal audit entry per file; the case data follows through the
// subscribers of events.FileDeleted. With dryRun it changes nothing and
// lists what it would delete. A file that fails to delete is reported as
// an error after the others were tried.
func (s *Service) RunRetention(ctx context.Context, dryRun bool) (RetentionReport, error) {
	now := s.now()
	due, held, err := s.due(ctx, now)
	rep := RetentionReport{DryRun: dryRun, Held: held}
	if err != nil || dryRun {
		rep.Deleted = due
		return rep, err
	}
	var firstErr error
	for _, d := range due {
		if err := s.deleteFile(ctx, d, now); err != nil {
			s.log.Error("retention: delete failed", "case", d.CaseID, "err", err)
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		rep.Deleted = append(rep.Deleted, d)
	}
	return rep, firstErr
}

// due lists the due files and counts the due files on hold.
func (s *Service) due(ctx context.Context, now time.Time) ([]Due, int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT case_id, tenant_id, reference, procedure_id, closed_at, delete_after,
		documents, legal_hold FROM akte_file WHERE delete_after IS NOT NULL AND delete_after <= $1
		AND disposal NOT IN ('A', 'B') ORDER BY delete_after, case_id`, now)
	if err != nil {
		return nil, 0, fmt.Errorf("akte: due files: %w", err)
	}
	var out []Due
	held := 0
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var d Due
		var hold bool
		if err := row.Scan(&d.CaseID, &d.TenantID, &d.Reference, &d.ProcedureID, &d.ClosedAt, &d.DeleteAfter, &d.Documents, &hold); err != nil {
			return err
		}
		if hold {
			held++
			return nil
		}
		d.ClosedAt, d.DeleteAfter = d.ClosedAt.UTC(), d.DeleteAfter.UTC()
		out = append(out, d)
		return nil
	})
	return out, held, err
}

// deleteFile removes one due file in a transaction, then its blobs. The
// hold, due date and Aussonderungsart are checked again under the
// transaction, so a hold set meanwhile wins.
func (s *Service) deleteFile(ctx context.Context, d Due, now time.Time) error {
	_, err := s.purge(ctx, d, func(tx *store.Tx) (bool, error) {
		var hold bool
		var after time.Time
		var disposal string
		if err := tx.QueryRowContext(ctx, `SELECT legal_hold, delete_after, disposal FROM akte_file WHERE case_id = $1`, d.CaseID).
			Scan(&hold, &after, &disposal); err != nil {
			return false, fmt.Errorf("akte: recheck file %d: %w", d.CaseID, err)
		}
		return !hold && !after.After(now) && disposal != "A" && disposal != "B", nil
	}, audit.Entry{At: now, TenantID: int64(d.TenantID), Actor: "system:retention",
		Action: "akte.retention_delete", ObjectType: "case", ObjectID: strconv.FormatInt(d.CaseID, 10),
		Details: map[string]any{"reference": d.Reference, "procedure": d.ProcedureID, "documents": d.Documents,
			"closed_at": d.ClosedAt.Format(time.RFC3339), "delete_after": d.DeleteAfter.Format(time.RFC3339)}})
	return err
}

// purge deletes the file d in one transaction when may says so under it,
// with the audit entry e, then its blobs; it reports whether it deleted.
func (s *Service) purge(ctx context.Context, d Due, may func(tx *store.Tx) (bool, error), e audit.Entry) (bool, error) {
	var keys []string
	deleted := false
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		ok, err := may(tx)
		if err != nil || !ok {
			return err
		}
		if keys, err = blobKeys(ctx, tx, d.CaseID); err != nil {
			return err
		}
		if err := s.deleteRows(ctx, tx, d); err != nil {
			return err
		}
		deleted = true
		return audit.Append(ctx, tx, e)
	})
	if err != nil {
		return false, err
	}
	for _, k := range keys {
		if err := s.blobs.Delete(ctx, k); err != nil {
			s.log.Warn("akte: blob not deleted", "case", d.CaseID, "err", err)
		}
	}
	return deleted, nil
}

func blobKeys(ctx context.Context, tx *store.Tx, caseID int64) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT blob_key FROM akte_document WHERE case_id = $1`, caseID)
	if err != nil {
		return nil, fmt.Errorf("akte: blob keys: %w", err)
	}
	return store.Collect(rows, nil, func(row store.Row) (string, error) {
		var k string
		err := row.Scan(&k)
		return k, err
	})
}

// deleteRows deletes the file's rows and publishes events.FileDeleted, to
// which the owners of the case's other rows subscribe.
func (s *Service) deleteRows(ctx context.Context, tx *store.Tx, d Due) error {
	caseID := d.CaseID
	if _, err := tx.ExecContext(ctx, `DELETE FROM akte_document WHERE case_id = $1`, caseID); err != nil {
		return fmt.Errorf("akte: delete documents: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM akte_disposal WHERE case_id = $1 AND tenant_id = $2`, caseID, d.TenantID); err != nil {
		return fmt.Errorf("akte: delete disposal state: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM akte_file WHERE case_id = $1`, caseID); err != nil {
		return fmt.Errorf("akte: delete file: %w", err)
	}
	_, err := s.events.PublishTx(ctx, tx, events.Event{ID: string(events.FileDeleted) + ":" + strconv.FormatInt(caseID, 10),
		Type: events.FileDeleted, TenantID: d.TenantID, CaseID: caseID, Reference: d.Reference})
	return err
}
