package mailbox

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

const messageColumns = `id, tenant_id, application_id, COALESCE(case_id, 0), direction, subject, body,
	COALESCE(sender_id, 0), sender_name, created_at, read_at`

// messages lists the messages of tenantID whose column where is arg, with
// their attachments, oldest first.
func messages(ctx context.Context, q store.Querier, tenantID tenant.ID, where string, arg int64) ([]Message, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+messageColumns+` FROM mailbox_message WHERE `+where+` = $1 AND tenant_id = $2
		ORDER BY id`, arg, tenantID)
	if err != nil {
		return nil, fmt.Errorf("mailbox: messages: %w", err)
	}
	// Collect closes rows before attach queries again: SQLite may have
	// one connection.
	out, err := store.Collect(rows, nil, scanMessage)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]int, len(out))
	for i, m := range out {
		byID[m.ID] = i
	}
	return out, attach(ctx, q, tenantID, out, byID, where, arg)
}

func scanMessage(row store.Row) (Message, error) {
	var m Message
	var read sql.NullTime
	if err := row.Scan(&m.ID, &m.TenantID, &m.ApplicationID, &m.CaseID, &m.Direction, &m.Subject, &m.Body,
		&m.SenderID, &m.SenderName, &m.CreatedAt, &read); err != nil {
		return m, fmt.Errorf("mailbox: scan message: %w", err)
	}
	m.CreatedAt = m.CreatedAt.UTC()
	if read.Valid {
		m.ReadAt = read.Time.UTC()
	}
	return m, nil
}

// attach loads the attachments of msgs.
func attach(ctx context.Context, q store.Querier, tenantID tenant.ID, msgs []Message, byID map[int64]int, where string, arg int64) error {
	if len(msgs) == 0 {
		return nil
	}
	rows, err := q.QueryContext(ctx, `SELECT t.id, t.message_id, t.file_name, t.media_type, t.size, t.sha256, t.blob_key
		FROM mailbox_attachment t JOIN mailbox_message m ON m.id = t.message_id WHERE m.`+where+` = $1 AND m.tenant_id = $2 ORDER BY t.id`,
		arg, tenantID)
	if err != nil {
		return fmt.Errorf("mailbox: attachments: %w", err)
	}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var id, msg int64
		var a Attachment
		if err := row.Scan(&id, &msg, &a.Name, &a.MediaType, &a.Size, &a.SHA256, &a.blobKey); err != nil {
			return fmt.Errorf("mailbox: scan attachment: %w", err)
		}
		a.Ref = "m" + strconv.FormatInt(id, 10)
		if i, ok := byID[msg]; ok {
			msgs[i].Attachments = append(msgs[i].Attachments, a)
		}
		return nil
	})
	return err
}

// seen returns when the applicant first saw the requests and notices of
// application id, keyed "request:<id>" / "notice:<id>".
func seen(ctx context.Context, q store.Querier, id int64) (map[string]sql.NullTime, error) {
	rows, err := q.QueryContext(ctx, `SELECT item_kind, item_id, read_at FROM mailbox_seen WHERE application_id = $1`, id)
	if err != nil {
		return nil, fmt.Errorf("mailbox: read state: %w", err)
	}
	out := map[string]sql.NullTime{}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var kind string
		var item int64
		var at sql.NullTime
		if err := row.Scan(&kind, &item, &at); err != nil {
			return err
		}
		out[seenKey(kind, item)] = at
		return nil
	})
	return out, err
}

func seenKey(kind string, id int64) string { return kind + ":" + strconv.FormatInt(id, 10) }
