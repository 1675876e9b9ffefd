package mailbox

import (
	"context"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// VolumeMessage is one message of a bulk load (the demo history): what
// PostToApplicant or a reply would have stored at CreatedAt, read at
// ReadAt (zero: unread).
type VolumeMessage struct {
	TenantID      tenant.ID
	ApplicationID int64
	CaseID        int64
	Direction     Direction
	Subject, Body string
	SenderID      int64 // staff or applicant account; 0 for a guest
	SenderName    string
	CreatedAt     time.Time
	ReadAt        time.Time
}

// InsertVolumeMessages writes messages in tx, in multi-row INSERTs.
func InsertVolumeMessages(ctx context.Context, tx *store.Tx, msgs []VolumeMessage) error {
	const batch = 200
	for start := 0; start < len(msgs); start += batch {
		part := msgs[start:min(start+batch, len(msgs))]
		args := make([]any, 0, len(part)*10)
		for _, m := range part {
			var read any
			if !m.ReadAt.IsZero() {
				read = m.ReadAt.UTC()
			}
			args = append(args, m.TenantID, m.ApplicationID, nullID(m.CaseID), m.Direction, m.Subject, m.Body,
				nullID(m.SenderID), m.SenderName, m.CreatedAt.UTC(), read)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO mailbox_message (tenant_id, application_id, case_id, direction, subject,
			body, sender_id, sender_name, created_at, read_at) VALUES `+store.Placeholders(len(part), 10), args...); err != nil {
			return fmt.Errorf("mailbox: insert volume messages: %w", err)
		}
	}
	return nil
}
