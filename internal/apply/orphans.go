package apply

import (
	"context"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/store"
)

// OrphanSweepJob deletes stored files no row references (verwaiste
// Dateien): a crash between storing a file and committing its row, or a
// failed delete after a committed removal, leaves such blobs behind.
type OrphanSweepJob struct{}

// Kind implements jobs.Args.
func (OrphanSweepJob) Kind() string { return "blob.orphan_sweep" }

// SweepResult counts one sweep.
type SweepResult struct {
	Old     int // blobs older than the orphan age that were checked
	Deleted int // of those, unreferenced and deleted
	Temp    int // half-written temporary files deleted
}

// blobColumns are all columns that hold blob keys; both queries below
// name each of them. A new column that stores blob keys must be added
// (TestBlobColumnsCoverSchema checks the schema and the queries), or the
// sweep would delete its files.
var blobColumns = []string{"application.receipt_blob", "application_attachment.blob_key",
	"mailbox_attachment.blob_key", "case_notice.blob_key", "akte_document.blob_key"}

// BlobColumns returns every column that holds blob keys, as
// "table.column": a backup copies the files they name (package backup).
func BlobColumns() []string { return append([]string(nil), blobColumns...) }

// keysWithDigit lists the referenced keys that start with one hex digit.
const keysWithDigit = `SELECT receipt_blob FROM application WHERE substr(receipt_blob, 1, 1) = $1
	UNION ALL SELECT blob_key FROM application_attachment WHERE substr(blob_key, 1, 1) = $1
	UNION ALL SELECT blob_key FROM mailbox_attachment WHERE substr(blob_key, 1, 1) = $1
	UNION ALL SELECT blob_key FROM case_notice WHERE substr(blob_key, 1, 1) = $1
	UNION ALL SELECT blob_key FROM akte_document WHERE substr(blob_key, 1, 1) = $1`

// keyReferences counts the rows that reference one key.
const keyReferences = `SELECT
	(SELECT COUNT(*) FROM application WHERE receipt_blob = $1) +
	(SELECT COUNT(*) FROM application_attachment WHERE blob_key = $1) +
	(SELECT COUNT(*) FROM mailbox_attachment WHERE blob_key = $1) +
	(SELECT COUNT(*) FROM case_notice WHERE blob_key = $1) +
	(SELECT COUNT(*) FROM akte_document WHERE blob_key = $1)`

// SweepOrphanBlobs deletes the blobs written before now minus the orphan
// age (Config.OrphanAge) that no row references, and temporary files of
// unfinished writes as old. The age makes it safe against a file stored
// moments ago whose row is about to commit; each deletion re-checks the
// references first. The blobs are taken one hex digit of the key at a
// time, so memory stays at a sixteenth of the store's keys. Running it
// again finds nothing more to do.
func (s *Service) SweepOrphanBlobs(ctx context.Context, now time.Time) (SweepResult, error) {
	var res SweepResult
	lister, ok := s.blobs.(blob.Lister)
	if !ok {
		s.log.Info("apply: the blob store cannot list its files; no orphan sweep")
		return res, nil
	}
	cutoff := now.Add(-s.cfg.OrphanAge)
	var err error
	if res.Temp, err = lister.PurgeTemp(ctx, cutoff); err != nil {
		return res, err
	}
	group := map[string]bool{}
	var digit byte
	err = lister.Walk(ctx, func(e blob.Entry) error {
		if e.Key[0] != digit && len(group) > 0 {
			if err := s.sweepGroup(ctx, digit, group, &res); err != nil {
				return err
			}
			clear(group)
		}
		digit = e.Key[0]
		if e.Modified.Before(cutoff) {
			group[e.Key] = true
		}
		return nil
	})
	if err == nil && len(group) > 0 {
		err = s.sweepGroup(ctx, digit, group, &res)
	}
	if err != nil {
		return res, err
	}
	return res, s.auditSweep(ctx, res)
}

// sweepGroup deletes the unreferenced ones of the old blobs whose keys
// start with digit.
func (s *Service) sweepGroup(ctx context.Context, digit byte, old map[string]bool, res *SweepResult) error {
	res.Old += len(old)
	if err := s.dropReferenced(ctx, string(digit), old); err != nil {
		return fmt.Errorf("apply: orphan sweep: %w", err)
	}
	for key := range old {
		used, err := s.blobReferenced(ctx, key)
		if err != nil {
			return err
		}
		if used { // referenced since the listing
			continue
		}
		if err := s.blobs.Delete(ctx, key); err != nil {
			return err
		}
		res.Deleted++
	}
	return nil
}

// dropReferenced removes from old every referenced key starting with
// digit. It reads across tenants: a blob belongs to whichever row names it.
func (s *Service) dropReferenced(ctx context.Context, digit string, old map[string]bool) error {
	rows, err := s.db.QueryContext(ctx, keysWithDigit, digit)
	if err != nil {
		return err
	}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var key string
		if err := row.Scan(&key); err != nil {
			return err
		}
		delete(old, key)
		return nil
	})
	return err
}

// blobReferenced checks one key against every column, just before its
// blob is deleted.
func (s *Service) blobReferenced(ctx context.Context, key string) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, keyReferences, key).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("apply: orphan sweep, recheck %s: %w", key, err)
	}
	return n > 0, nil
}

// auditSweep records a sweep that deleted something (installation-wide:
// blobs belong to no tenant until a row says so).
func (s *Service) auditSweep(ctx context.Context, res SweepResult) error {
	if res.Deleted == 0 && res.Temp == 0 {
		s.log.Debug("orphan sweep: nothing to delete", "checked", res.Old)
		return nil
	}
	s.log.Info("orphan sweep: unreferenced files deleted", "checked", res.Old, "deleted", res.Deleted, "temp", res.Temp)
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		return audit.Append(ctx, tx, audit.Entry{Actor: "system", Action: "blob.orphan_sweep",
			ObjectType: "installation", ObjectID: "blobs",
			Details: map[string]any{"checked": res.Old, "deleted": res.Deleted, "temp": res.Temp}})
	})
}
