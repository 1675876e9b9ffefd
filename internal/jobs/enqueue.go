package jobs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Option changes how one job is enqueued.
type Option func(*enqueueOpts)

type enqueueOpts struct {
	runAt       time.Time
	maxAttempts int
	uniqueKey   string
	tenantID    any // NULL: the installation's job
	subject     string
}

// RunAt makes the job due at t instead of now.
func RunAt(t time.Time) Option { return func(o *enqueueOpts) { o.runAt = t } }

// MaxAttempts sets how often the job is tried before it is discarded.
func MaxAttempts(n int) Option { return func(o *enqueueOpts) { o.maxAttempts = n } }

// UniqueKey makes the enqueue idempotent: while a job of the same kind and
// key is in the table (pending, running, or finished and not yet cleaned
// up), enqueuing it again inserts nothing and returns the existing job's
// id. The key must not contain personal data.
func UniqueKey(key string) Option { return func(o *enqueueOpts) { o.uniqueKey = key } }

// For says whose job it is: the tenant (Mandant) whose administrators
// see and retry it when it fails for good (Failed, Retry), and its subject
// as a person knows it, e.g. a reference number (Aktenzeichen). Jobs
// without For belong to the installation (operators: `amtsweg jobs`).
// The subject must not contain personal data.
func For(tenantID tenant.ID, subject string) Option {
	return func(o *enqueueOpts) {
		if tenantID > 0 {
			o.tenantID = tenantID
		}
		o.subject = subject
	}
}

// The SQL is the same on both engines: ON CONFLICT ... DO NOTHING and
// RETURNING exist in SQLite (3.35+) and PostgreSQL.
const insertJob = `INSERT INTO job (kind, args, state, max_attempts, run_at, unique_key, created_at, tenant_id, subject)
VALUES ($1, $2, 'available', $3, $4, $5, $6, $7, $8)
ON CONFLICT (unique_key) DO NOTHING
RETURNING id`

// EnqueueTx inserts a job inside the caller's transaction tx, so the job
// exists exactly when the change that causes it is committed. It returns
// the job's id. It never touches q's pools, so it cannot wait for the
// connection tx already holds.
func (q *Queue) EnqueueTx(ctx context.Context, tx *store.Tx, args Args, opts ...Option) (int64, error) {
	if args == nil || args.Kind() == "" {
		return 0, fault.New(fault.Invalid, "jobs: args without kind")
	}
	now := time.Now().UTC()
	o := enqueueOpts{runAt: now, maxAttempts: q.cfg.MaxAttempts}
	for _, opt := range opts {
		opt(&o)
	}
	if o.maxAttempts < 1 {
		return 0, fault.New(fault.Invalid, "jobs: %s: max attempts %d < 1", args.Kind(), o.maxAttempts)
	}
	raw, err := json.Marshal(args)
	if err != nil {
		return 0, fmt.Errorf("jobs: encode %s: %w", args.Kind(), err)
	}
	var key any // NULL: not unique
	if o.uniqueKey != "" {
		key = args.Kind() + ":" + o.uniqueKey
	}
	var id int64
	err = tx.QueryRowContext(ctx, insertJob, args.Kind(), string(raw), o.maxAttempts, o.runAt.UTC(), key, now, o.tenantID, o.subject).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) && key != nil {
		err = tx.QueryRowContext(ctx, `SELECT id FROM job WHERE unique_key = $1`, key).Scan(&id)
	}
	if err != nil {
		return 0, fmt.Errorf("jobs: enqueue %s: %w", args.Kind(), err)
	}
	return id, nil
}

// Depth counts the jobs not yet worked: due, scheduled for later or waiting
// for a retry (running jobs are not counted). The next run of each
// periodic job is always among them. It is the /metrics queue gauge.
func (q *Queue) Depth(ctx context.Context) (int, error) {
	var n int
	if err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM job WHERE state = 'available'`).Scan(&n); err != nil {
		return 0, fmt.Errorf("jobs: depth: %w", err)
	}
	return n, nil
}

// State is where a job is in its life.
type State string

// The states of a job.
const (
	Available State = "available" // due at RunAt: new, scheduled or waiting for a retry
	Running   State = "running"   // leased to a worker
	Completed State = "completed" // done
	Discarded State = "discarded" // failed for good: out of attempts or Permanent
)

// Job is a stored job as operators see it; Args are not included, they
// are the worker's business.
type Job struct {
	ID          int64
	Kind        string
	State       State
	Attempt     int
	MaxAttempts int
	RunAt       time.Time
	LastError   string
	TenantID    tenant.ID // 0: the installation's job
	Subject     string    // e.g. a reference number; see For
	// FinishedAt is when the job completed or was discarded.
	FinishedAt time.Time
}

// jobColumns are the columns scanJob reads.
const jobColumns = `id, kind, state, attempt, max_attempts, run_at, last_error, tenant_id, subject, finished_at`

func scanJob(row interface{ Scan(...any) error }) (Job, error) {
	var j Job
	var tenantID sql.NullInt64
	var finished sql.NullTime
	err := row.Scan(&j.ID, &j.Kind, &j.State, &j.Attempt, &j.MaxAttempts, &j.RunAt, &j.LastError, &tenantID, &j.Subject, &finished)
	j.TenantID, j.FinishedAt = tenant.ID(tenantID.Int64), finished.Time
	return j, err
}

// Job returns the job with id, or a fault.NotFound error.
func (q *Queue) Job(ctx context.Context, id int64) (Job, error) {
	j, err := scanJob(q.db.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM job WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Job{}, fault.New(fault.NotFound, "job %d not found", id)
	}
	if err != nil {
		return Job{}, fmt.Errorf("jobs: job %d: %w", id, err)
	}
	return j, nil
}
