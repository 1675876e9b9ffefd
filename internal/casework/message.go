package casework

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// FileMessageTx files a mailbox message (Nachricht) of an application's
// case in tenantID inside the mailbox's own transaction tx, so the message and its
// filing commit together. incoming is true for the applicant's messages
// (MessageIn), false for the authority's (MessageOut). d carries the
// message's stored file (akte.Service.PutText or PutBytes) and its title
// and author; messageID makes filing idempotent. An application without a
// case yet is fault.NotFound (the mailbox files later or not at all).
func FileMessageTx(ctx context.Context, tx *store.Tx, tenantID tenant.ID, applicationID, messageID int64, incoming bool, d akte.Document) (akte.Document, error) {
	var caseID int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM case_record WHERE application_id = $1 AND tenant_id = $2`,
		applicationID, tenantID).Scan(&caseID)
	if errors.Is(err, sql.ErrNoRows) {
		return akte.Document{}, fault.New(fault.NotFound, "no case for application %d", applicationID)
	}
	if err != nil {
		return akte.Document{}, fmt.Errorf("casework: file message: %w", err)
	}
	d.CaseID, d.Kind, d.Ref = caseID, akte.MessageOut, "message:"+strconv.FormatInt(messageID, 10)
	if incoming {
		d.Kind = akte.MessageIn
	}
	return akte.FileTx(ctx, tx, d)
}
