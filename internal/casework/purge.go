package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/store"
)

// OnFileDeleted is the subscriber of akte's events.FileDeleted: retention
// deleted the case's file, so the case's own rows go too (PurgeTx), and
// events.CasePurged, published in the same transaction, tells apply to
// delete the application. A case already purged is done.
func (s *Service) OnFileDeleted(ctx context.Context, e events.Event) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		var appID int64
		err := tx.QueryRowContext(ctx, `SELECT application_id FROM case_record WHERE id = $1 AND tenant_id = $2`,
			e.CaseID, e.TenantID).Scan(&appID)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("casework: purge case %d: %w", e.CaseID, err)
		}
		if err := PurgeTx(ctx, tx, e.CaseID); err != nil {
			return err
		}
		_, err = s.events.PublishTx(ctx, tx, events.Event{ID: string(events.CasePurged) + ":" + strconv.FormatInt(e.CaseID, 10),
			Type: events.CasePurged, TenantID: e.TenantID, ApplicationID: appID, CaseID: e.CaseID, Reference: e.Reference})
		return err
	})
}

// PurgeTx deletes the case's own rows inside tx: its notices, requests,
// notes, events and the case row (rows of other packages that reference
// the case, such as API acknowledgements, cascade). The file is akte's,
// the application apply's: each owner deletes its own rows on the events
// of the retention (OnFileDeleted). The audit log keeps its entries.
func PurgeTx(ctx context.Context, tx *store.Tx, caseID int64) error {
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
	return nil
}
