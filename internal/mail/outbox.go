package mail

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// queued is a stored message waiting in the table mail_outbox.
type queued struct {
	ID        int64
	To        string
	Kind      Kind
	Lang      Lang
	Data      Data
	MessageID string
	CreatedAt time.Time
}

func insertQueued(ctx context.Context, tx *store.Tx, m queued) (int64, error) {
	data, err := json.Marshal(m.Data)
	if err != nil {
		return 0, fmt.Errorf("mail: encode data: %w", err)
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO mail_outbox (recipient, kind, lang, data, message_id, created_at)
VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		m.To, string(m.Kind), string(m.Lang), string(data), m.MessageID, m.CreatedAt).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("mail: store message: %w", err)
	}
	return id, nil
}

// loadQueued returns the stored message id, or a fault.NotFound error when
// it was sent (and deleted) already.
func loadQueued(ctx context.Context, q store.Querier, id int64) (queued, error) {
	m := queued{ID: id}
	var data []byte
	err := q.QueryRowContext(ctx, `SELECT recipient, kind, lang, data, message_id, created_at
FROM mail_outbox WHERE id = $1`, id).Scan(&m.To, &m.Kind, &m.Lang, &data, &m.MessageID, &m.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return queued{}, fault.New(fault.NotFound, "mail %d not found", id)
	}
	if err != nil {
		return queued{}, fmt.Errorf("mail: read message %d: %w", id, err)
	}
	if err := json.Unmarshal(data, &m.Data); err != nil {
		return queued{}, fmt.Errorf("mail: decode message %d: %w", id, err)
	}
	return m, nil
}

func deleteQueued(ctx context.Context, db *store.DB, id int64) error {
	if _, err := db.ExecContext(ctx, `DELETE FROM mail_outbox WHERE id = $1`, id); err != nil {
		return fmt.Errorf("mail: delete message %d: %w", id, err)
	}
	return nil
}

// purgeQueued deletes messages stored before cutoff: their jobs have run
// out of attempts long ago.
func purgeQueued(ctx context.Context, db *store.DB, cutoff time.Time) (int64, error) {
	res, err := db.ExecContext(ctx, `DELETE FROM mail_outbox WHERE created_at < $1`, cutoff.UTC())
	if err != nil {
		return 0, fmt.Errorf("mail: purge: %w", err)
	}
	return res.RowsAffected()
}
