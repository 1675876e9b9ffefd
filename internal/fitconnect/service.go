package fitconnect

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/outage"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Finder answers who is responsible for a service in a region
// (catalog.Finder).
type Finder interface {
	Find(ctx context.Context, tenantID tenant.ID, serviceKey, ars string, audience catalog.Audience) (catalog.Authority, error)
}

// Forms renders the form of a submitted application: its receipt PDF
// (apply.Service.ReceiptPDFOf).
type Forms interface {
	ReceiptPDFOf(ctx context.Context, tenantID tenant.ID, applicationID int64, lang string) ([]byte, error)
}

// Config tunes the package.
type Config struct {
	// Interval is how often Run reads the outbox (default 2s).
	Interval time.Duration
	// MaxFile bounds one attachment read into memory for sealing
	// (default 64 MiB).
	MaxFile int64
}

// Deps are what a Service works with.
type Deps struct {
	DB     *store.DB
	Cases  *casework.Service
	Jobs   *jobs.Queue
	Finder Finder
	Log    *slog.Logger
	Config Config
	// Forms renders an application's form (the receipt PDF,
	// apply.Service) when the case file has none yet; optional.
	Forms Forms
	// Secrets seals the tenants' signing keys (blob/keyring.Keyring);
	// without it the routing answer, which must be signed, is
	// unavailable.
	Secrets Sealer
}

// Service seals submissions for FIT-Connect and serves them.
type Service struct {
	db     *store.DB
	cases  *casework.Service
	q      *jobs.Queue
	finder Finder
	log    *slog.Logger
	cfg    Config
	forms  Forms
	// secrets seals the signing keys; signers caches them by tenant.
	secrets Sealer
	signers sync.Map
	// routeCache reuses the signatures of recent routes (route_cache.go).
	routeCache signedRoutes
}

// New returns a Service; every dependency is required. Register its job
// with RegisterJobs before the queue starts.
func New(d Deps) (*Service, error) {
	if d.DB == nil || d.Cases == nil || d.Jobs == nil || d.Finder == nil || d.Log == nil {
		return nil, errors.New("fitconnect: New needs DB, Cases, Jobs, Finder and Log")
	}
	if d.Config.Interval <= 0 {
		d.Config.Interval = 2 * time.Second
	}
	if d.Config.MaxFile <= 0 {
		d.Config.MaxFile = 64 << 20
	}
	return &Service{db: d.DB, cases: d.Cases, q: d.Jobs, finder: d.Finder, log: d.Log, cfg: d.Config, secrets: d.Secrets, forms: d.Forms}, nil
}

// RegisterJobs registers the sealing job's worker on q.
func (s *Service) RegisterJobs(q *jobs.Queue) { jobs.Register(q, s.seal) }

// Run dispatches every Interval until ctx ends.
func (s *Service) Run(ctx context.Context) {
	t := time.NewTicker(s.cfg.Interval)
	defer t.Stop()
	calm := outage.NewCalm(s.log, "fitconnect dispatch failed") // one line a minute while the database is gone
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
