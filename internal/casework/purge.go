package casework

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/store"
)

// PurgeTx deletes everything of a case outside its file inside tx: its
// notices, requests, notes, events, the case row and the application with
// its attachment rows. It is the retention's Purge hook
// (akte.Deps.Purge); the file's blobs — including the attachments' and the
// receipt's, which the file references — are deleted by package akte
// after commit. The audit log keeps its entries.
func PurgeTx(ctx context.Context, tx *store.Tx, caseID int64) error {
	var appID int64
	if err := tx.QueryRowContext(ctx, `SELECT application_id FROM case_record WHERE id = $1`, caseID).Scan(&appID); err != nil {
		return fmt.Errorf("casework: purge case %d: %w", caseID, err)
	}
	for _, q := range []string{
		`DELETE FROM case_notice WHERE case_id = $1`,
		`DELETE FROM case_request WHERE case_id = $1`,
		`DELETE FROM case_note WHERE case_id = $1`,
		`DELETE FROM case_event WHERE case_id = $1`,
		`DELETE FROM case_record WHERE id = $1`,
	} {
		if _, err := tx.ExecContext(ctx, q, caseID); err != nil {
			return fmt.Errorf("casework: purge case %d: %w", caseID, err)
		}
	}
	for _, q := range []string{
		`DELETE FROM application_attachment WHERE application_id = $1`,
		`DELETE FROM application WHERE id = $1`,
	} {
		if _, err := tx.ExecContext(ctx, q, appID); err != nil {
			return fmt.Errorf("casework: purge application of case %d: %w", caseID, err)
		}
	}
	return nil
}
