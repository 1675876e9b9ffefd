package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
)

// Args is the payload of one kind of job (Auftragsart). Kind names the kind
// and is stored with every job, so it must never change once jobs of that
// kind exist. Args are stored as JSON: put ids in them, never names,
// e-mail addresses or other personal data.
type Args interface {
	Kind() string
}

// Config tunes a Queue. The zero value is a sensible production setting.
type Config struct {
	// Workers is how many jobs this process runs at the same time
	// (default 4).
	Workers int
	// PollInterval is how often an idle process looks for due jobs
	// (default 1s).
	PollInterval time.Duration
	// Timeout bounds one attempt (default 5m).
	Timeout time.Duration
	// Lease is how long a claimed job stays this process's without a
	// renewal (default 1m). The worker renews it every Lease/3 while the
	// job runs (at most until Timeout plus a minute), and every process
	// gives back jobs whose lease ran out every Lease/2, so a job whose
	// process was killed runs again on another one after about 1.5 × Lease,
	// not after Timeout.
	Lease time.Duration
	// MaxAttempts is the default number of attempts before a job is
	// discarded (default 25, about eleven days with the default backoff).
	MaxAttempts int
	// Backoff gives the wait after the given failed attempt (1, 2, ...);
	// default DefaultBackoff.
	Backoff func(attempt int) time.Duration
	// KeepCompleted and KeepDiscarded say how long finished jobs stay in
	// the table (defaults 24h and 7 days).
	KeepCompleted, KeepDiscarded time.Duration
	// MaintenanceInterval is how often a process deletes old jobs and
	// schedules periodic jobs (default 1m).
	MaintenanceInterval time.Duration
}

func (c Config) withDefaults() Config {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if c.Workers <= 0 {
		c.Workers = 4
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 25
	}
	if c.Backoff == nil {
		c.Backoff = DefaultBackoff
	}
	def(&c.PollInterval, time.Second)
	def(&c.Timeout, 5*time.Minute)
	def(&c.Lease, time.Minute)
	def(&c.KeepCompleted, 24*time.Hour)
	def(&c.KeepDiscarded, 7*24*time.Hour)
	def(&c.MaintenanceInterval, time.Minute)
	return c
}

// DefaultBackoff waits attempt⁴ seconds, at most a day, with ±10 % jitter
// so retries of many jobs that failed together spread out: 1s, 16s, 81s,
// 4m, 10m, ... 23h from attempt 17 on.
func DefaultBackoff(attempt int) time.Duration {
	a := min(max(attempt, 1), 17) // 18⁴ s is more than a day
	d := time.Duration(a*a*a*a) * time.Second
	return d + time.Duration((rand.Float64()*0.2-0.1)*float64(d))
}

// workFunc runs one job from its stored JSON args.
type workFunc func(ctx context.Context, args []byte) error

// Queue enqueues jobs and, once started, works them. A Queue that is never
// started still enqueues (a process run with --jobs=false).
type Queue struct {
	db       *store.DB
	log      *slog.Logger
	cfg      Config
	mu       sync.Mutex
	workers  map[string]workFunc
	periodic []Periodic
	run      *runner // nil until Start
	// failed and discarded count this process's failed attempts by kind
	// (Failures); guarded by mu.
	failed, discarded map[string]uint64
}

// New returns a Queue on db. Register workers and periodic jobs before
// Start.
func New(db *store.DB, log *slog.Logger, cfg Config) (*Queue, error) {
	if db == nil || log == nil {
		return nil, errors.New("jobs: New needs a database and a logger")
	}
	return &Queue{db: db, log: log, cfg: cfg.withDefaults(), workers: map[string]workFunc{}}, nil
}

// Register makes q run jobs of T's kind with work. A job fails when work
// returns an error (or panics) and is retried with backoff; wrap the error
// with Permanent to discard it at once. work must honour ctx: it is
// cancelled at the attempt's timeout and on a forced Stop. Register panics
// when the kind is empty, already registered, or q has been started: all
// are wiring mistakes.
func Register[T Args](q *Queue, work func(ctx context.Context, args T) error) {
	var zero T
	RegisterKind(q, zero.Kind(), func(ctx context.Context, raw []byte) error {
		var args T
		if err := json.Unmarshal(raw, &args); err != nil {
			return Permanent(fmt.Errorf("decode args: %w", err))
		}
		return work(ctx, args)
	})
}

// RegisterKind is Register for a kind named at run time, such as an event
// subscriber's (package events): work gets the job's args as stored JSON.
// It panics like Register.
func RegisterKind(q *Queue, kind string, work func(ctx context.Context, raw []byte) error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	switch {
	case kind == "":
		panic("jobs: Register: empty kind")
	case q.run != nil:
		panic("jobs: Register " + kind + " after Start")
	case q.workers[kind] != nil:
		panic("jobs: Register " + kind + " twice")
	}
	q.workers[kind] = work
}

// permanentError marks an error that must not be retried.
type permanentError struct{ err error }

func (e permanentError) Error() string { return e.err.Error() }
func (e permanentError) Unwrap() error { return e.err }

// Permanent wraps err so the failed job is discarded without further
// attempts, e.g. when the object it refers to no longer exists.
func Permanent(err error) error { return permanentError{err} }

func isPermanent(err error) bool {
	var p permanentError
	return errors.As(err, &p)
}
