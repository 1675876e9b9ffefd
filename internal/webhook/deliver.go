package webhook

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
)

// deliver is the worker of DeliverJob: one attempt, then the outcome and,
// on failure, the next attempt or the dead letter in one transaction.
func (s *Service) deliver(ctx context.Context, j DeliverJob) error {
	var clientID, seq int64
	var state string
	var attempts int
	var created sql.NullTime
	err := s.db.QueryRowContext(ctx, `SELECT client_id, event_seq, state, attempts, created_at FROM webhook_delivery WHERE id = $1`,
		j.DeliveryID).Scan(&clientID, &seq, &state, &attempts, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return jobs.Permanent(err)
	}
	if err != nil || state != "pending" {
		return err // delivered or dead already: nothing to do
	}
	c, err := apiclient.Get(ctx, s.db, clientID)
	if err != nil {
		return jobs.Permanent(err)
	}
	e, err := events.Get(ctx, s.db, events.Scope{TenantID: c.TenantID, AuthorityID: c.AuthorityID}, seq)
	if errors.Is(err, sql.ErrNoRows) {
		return jobs.Permanent(err) // not the client's event (any more): never send it
	}
	if err != nil {
		return err
	}
	sendErr := s.post(ctx, c, e)
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		now := s.clock().UTC()
		attempts++
		if sendErr == nil {
			_, err := tx.ExecContext(ctx, `UPDATE webhook_delivery SET state = 'delivered', attempts = $1, last_error = '',
				updated_at = $2 WHERE id = $3 AND state = 'pending'`, attempts, now, j.DeliveryID)
			return err
		}
		msg := sendErr.Error()
		if len(msg) > 500 {
			msg = msg[:500]
		}
		next := now.Add(s.Backoff(attempts))
		state := "pending"
		if next.Sub(created.Time) > s.cfg.GiveUpAfter {
			state = "dead"
			s.log.Warn("webhook delivery dead-lettered", "delivery", j.DeliveryID, "client", clientID, "attempts", attempts)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE webhook_delivery SET state = $1, attempts = $2, last_error = $3, updated_at = $4
			WHERE id = $5 AND state = 'pending'`, state, attempts, msg, now, j.DeliveryID); err != nil {
			return err
		}
		if state == "dead" {
			return nil
		}
		_, err := s.q.EnqueueTx(ctx, tx, DeliverJob{DeliveryID: j.DeliveryID}, jobs.RunAt(next), jobs.MaxAttempts(3))
		return err
	})
}

// post sends e to c's webhook URL; any status but 2xx is a failure. The
// body is in c's format (body); every delivery is signed twice with the
// client's one secret: Standard Webhooks (webhook-id, webhook-timestamp,
// webhook-signature) and, until the sunset, the deprecated
// Amtsweg-Signature, which existing receivers verify.
func (s *Service) post(ctx context.Context, c apiclient.Client, e events.Event) error {
	h := http.Header{}
	body, err := s.body(ctx, h, c, e)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.WebhookURL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header = h
	req.Header.Set("User-Agent", "amtsweg-webhook/1")
	req.Header.Set("Amtsweg-Event-Id", e.ID)
	req.Header.Set("Amtsweg-Event-Type", string(e.Type))
	secret, err := c.SigningSecret(ctx, s.cfg.Secrets)
	if err != nil {
		return err
	}
	now := s.clock()
	if err := SignStandard(req.Header, [][]byte{[]byte(secret)}, e.ID, now, body); err != nil {
		return err
	}
	req.Header.Set(SignatureHeader, Sign(secret, now, body))
	res, err := s.client.Do(req)
	if err != nil {
		return fmt.Errorf("post: %w", err)
	}
	defer res.Body.Close()
	io.Copy(io.Discard, io.LimitReader(res.Body, 64<<10))
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return fmt.Errorf("receiver answered %s", res.Status)
	}
	return nil
}
