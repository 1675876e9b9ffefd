// Package webhook delivers events (package events) to the webhook URL of
// each API client that has one, in formats off-the-shelf libraries read
// (docs/webhooks.md):
//
//   - the body is a CloudEvents 1.0 event in structured JSON mode
//     (events.Event.CloudEvent), or, for a client still on the deprecated
//     format (apiclient.FormatAmtsweg), amtsweg's own envelope marked with
//     Deprecation and Sunset headers (body.go);
//   - every delivery is signed as Standard Webhooks (webhook-id,
//     webhook-timestamp, webhook-signature; SignStandard, with the official
//     library's signing) and, until the sunset, with the deprecated
//     Amtsweg-Signature (Sign, Verify) — one secret, both headers
//     (apiclient.StandardWebhookSecret).
//
// Delivery is at least once, in the durable job queue: Dispatch (run every
// Config.Interval by Run) creates one delivery row per client and event
// under the client row's lock, advancing the client's feed cursor, and
// enqueues its job in the same transaction. A job makes one attempt; a
// failure records the error and enqueues the next attempt after an
// exponential backoff with jitter (Backoff), until Config.GiveUpAfter
// (72 h) has passed since the delivery was created: then the delivery is
// dead-lettered (Dead lists them, Redeliver starts one again). Receivers
// dedupe by the event id, which is stable across retries.
package webhook

import (
	"context"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/outage"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Config tunes delivery; the zero value is the production setting.
type Config struct {
	// Interval between dispatch runs (default 2s).
	Interval time.Duration
	// GiveUpAfter is how long a delivery is retried (default 72h).
	GiveUpAfter time.Duration
	// FirstRetry is the first backoff (default 10s), doubling per attempt
	// up to MaxRetry (default 6h), each with jitter.
	FirstRetry, MaxRetry time.Duration
	// Timeout of one attempt (default 15s).
	Timeout time.Duration
	// Allow lists hosts exempt from the SSRF check (e.g. "127.0.0.1" in
	// tests, or an internal receiver the operator trusts).
	Allow []string
	// Secrets opens the clients' sealed signing secrets.
	Secrets apiclient.Sealer
	// BaseURL returns the portal's public URL, from which a CloudEvent's
	// source is made (events.Source); nil: the tenant's URN.
	BaseURL func() string
}

func (c Config) withDefaults() Config {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.Interval, 2*time.Second)
	def(&c.GiveUpAfter, 72*time.Hour)
	def(&c.FirstRetry, 10*time.Second)
	def(&c.MaxRetry, 6*time.Hour)
	def(&c.Timeout, 15*time.Second)
	return c
}

// Service dispatches and delivers webhooks.
type Service struct {
	db     *store.DB
	q      *jobs.Queue
	log    *slog.Logger
	cfg    Config
	clock  func() time.Time
	client *http.Client
}

// New returns a Service and registers its job worker on q (call before
// q.Start).
func New(db *store.DB, q *jobs.Queue, log *slog.Logger, cfg Config) (*Service, error) {
	if db == nil || q == nil || log == nil {
		return nil, errors.New("webhook: New needs a database, a queue and a logger")
	}
	s := &Service{db: db, q: q, log: log, cfg: cfg.withDefaults(), clock: time.Now}
	s.client = newClient(s.cfg.Allow, s.cfg.Timeout)
	jobs.Register(q, s.deliver)
	return s, nil
}

// Backoff is the wait after failed attempt n (1, 2, ...): FirstRetry·2ⁿ⁻¹,
// at most MaxRetry, of which a random 50–100 % is taken (jitter spreads
// retries of a receiver that was down for everybody).
func (s *Service) Backoff(n int) time.Duration {
	d := s.cfg.FirstRetry
	for i := 1; i < n && d < s.cfg.MaxRetry; i++ {
		d *= 2
	}
	d = min(d, s.cfg.MaxRetry)
	return d/2 + time.Duration(rand.Int64N(int64(d/2)+1))
}

// Run dispatches every Interval until ctx ends.
func (s *Service) Run(ctx context.Context) {
	t := time.NewTicker(s.cfg.Interval)
	defer t.Stop()
	calm := outage.NewCalm(s.log, "webhook dispatch failed") // one line a minute while the database is gone
	for {
		if err := s.Dispatch(ctx); err != nil && ctx.Err() == nil {
			calm.Fail(err)
		} else if err == nil {
			calm.OK()
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
