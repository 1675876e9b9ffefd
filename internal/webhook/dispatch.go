package webhook

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// DeliverJob makes one delivery attempt.
type DeliverJob struct {
	DeliveryID int64 `json:"delivery_id"`
}

// Kind names the job.
func (DeliverJob) Kind() string { return "webhook.deliver" }

// Dispatch creates the deliveries of every client with a webhook for the
// events of its scope after its cursor. Safe in many processes at once:
// each client is done under its row's lock, and a delivery is unique per
// client and event.
func (s *Service) Dispatch(ctx context.Context) error {
	clients, err := apiclient.WithWebhooks(ctx, s.db)
	if err != nil {
		return err
	}
	for _, c := range clients {
		if err := s.db.Tx(ctx, func(tx *store.Tx) error { return s.dispatchClient(ctx, tx, c) }); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) dispatchClient(ctx context.Context, tx *store.Tx, c apiclient.Client) error {
	var cursor int64
	if err := tx.QueryRowContext(ctx, `UPDATE api_client SET webhook_cursor = webhook_cursor
		WHERE id = $1 AND tenant_id = $2 RETURNING webhook_cursor`, c.ID, c.TenantID).Scan(&cursor); err != nil {
		return fmt.Errorf("webhook: lock client %d: %w", c.ID, err)
	}
	es, err := events.Feed(ctx, tx, events.Scope{TenantID: c.TenantID, AuthorityID: c.AuthorityID}, cursor, events.MaxPage)
	if err != nil || len(es) == 0 {
		return err
	}
	now := s.clock().UTC()
	for _, e := range es {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO webhook_delivery (client_id, event_seq, state, created_at, updated_at)
			VALUES ($1, $2, 'pending', $3, $3) ON CONFLICT (client_id, event_seq) DO NOTHING RETURNING id`, c.ID, e.Seq, now).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("webhook: delivery: %w", err)
		}
		if _, err := s.q.EnqueueTx(ctx, tx, DeliverJob{DeliveryID: id}, jobs.MaxAttempts(3)); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE api_client SET webhook_cursor = $1 WHERE id = $2 AND tenant_id = $3`,
		es[len(es)-1].Seq, c.ID, c.TenantID)
	return err
}

// Dead is a dead-lettered delivery.
type Dead struct {
	ID        int64
	ClientID  int64
	EventSeq  int64
	Attempts  int
	LastError string
	CreatedAt time.Time
}

// DeadLetters lists the dead deliveries of tenantID, newest first (for the
// admin page).
func DeadLetters(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, tenantID tenant.ID) ([]Dead, error) {
	rows, err := q.QueryContext(ctx, `SELECT d.id, d.client_id, d.event_seq, d.attempts, d.last_error, d.created_at
		FROM webhook_delivery d JOIN api_client c ON c.id = d.client_id
		WHERE d.state = 'dead' AND c.tenant_id = $1 ORDER BY d.id DESC`, tenantID)
	if err != nil {
		return nil, fmt.Errorf("webhook: dead letters: %w", err)
	}
	return store.Collect(rows, nil, func(row store.Row) (Dead, error) {
		var d Dead
		err := row.Scan(&d.ID, &d.ClientID, &d.EventSeq, &d.Attempts, &d.LastError, &d.CreatedAt)
		return d, err
	})
}
