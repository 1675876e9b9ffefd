package jobs

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"time"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// failedLimit bounds one failed-jobs list; the newest come first.
const failedLimit = 200

// Failed lists the jobs of tenantID that failed for good (discarded: out
// of attempts or Permanent), newest first, as long as they are kept
// (Config.KeepDiscarded). A tenant administration sees only its tenant's
// jobs; tenantID 0 lists the installation's jobs (those enqueued without
// For), which are for operators only.
func (q *Queue) Failed(ctx context.Context, tenantID tenant.ID) ([]Job, error) {
	where := `tenant_id = $1`
	args := []any{tenantID}
	if tenantID == 0 {
		where, args = `tenant_id IS NULL`, nil
	}
	rows, err := q.db.QueryContext(ctx, `SELECT `+jobColumns+` FROM job WHERE state = 'discarded' AND `+where+`
ORDER BY finished_at DESC, id DESC LIMIT `+strconv.Itoa(failedLimit), args...)
	if err != nil {
		return nil, fmt.Errorf("jobs: failed jobs: %w", err)
	}
	return scanJobs(rows)
}

// FailedAll lists the failed jobs of every tenant and of the installation,
// newest first: the operator's view (`amtsweg jobs failed`).
func (q *Queue) FailedAll(ctx context.Context) ([]Job, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT `+jobColumns+` FROM job WHERE state = 'discarded'
ORDER BY finished_at DESC, id DESC LIMIT `+strconv.Itoa(failedLimit))
	if err != nil {
		return nil, fmt.Errorf("jobs: failed jobs: %w", err)
	}
	return scanJobs(rows)
}

func scanJobs(rows *sql.Rows) ([]Job, error) {
	out, err := store.Collect(rows, nil, scanJob)
	if err != nil {
		return nil, fmt.Errorf("jobs: scan job: %w", err)
	}
	return out, nil
}

// RetryRequest names a failed job to run again and who asks for it.
type RetryRequest struct {
	// TenantID is the tenant whose administrator retries; 0 is an
	// operator retrying an installation job. A job of another tenant is
	// fault.NotFound.
	TenantID tenant.ID
	// Operator, when set, may retry any tenant's job (the command line).
	Operator bool
	ID       int64
	Actor    string // for the audit entry, e.g. "account:12" or "cli"
}

// Retry makes a failed (discarded) job due again with a fresh count of
// attempts, typically after the cause was fixed, and writes the audit
// entry "job.retry" in the same transaction. It is fault.NotFound when
// there is no such failed job visible to the caller.
func (q *Queue) Retry(ctx context.Context, r RetryRequest) (Job, error) {
	var j Job
	err := q.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		if j, err = q.retryTx(ctx, tx, r); err != nil {
			return err
		}
		return audit.Append(ctx, tx, audit.Entry{TenantID: int64(j.TenantID), Actor: r.Actor, Action: "job.retry",
			ObjectType: "job", ObjectID: strconv.FormatInt(j.ID, 10),
			Details: map[string]any{"kind": j.Kind, "subject": j.Subject, "attempts": j.Attempt}})
	})
	if err != nil {
		return Job{}, err
	}
	q.wakeUp()
	return j, nil
}

// retryTx reads the failed job within the caller's scope and makes it
// available again; the returned Job is as it was before the retry.
func (q *Queue) retryTx(ctx context.Context, tx *store.Tx, r RetryRequest) (Job, error) {
	var row *sql.Row
	switch {
	case r.Operator:
		row = tx.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM job WHERE id = $1 AND state = 'discarded'`, r.ID)
	case r.TenantID == 0:
		row = tx.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM job WHERE id = $1 AND state = 'discarded' AND tenant_id IS NULL`, r.ID)
	default:
		row = tx.QueryRowContext(ctx, `SELECT `+jobColumns+` FROM job WHERE id = $1 AND state = 'discarded' AND tenant_id = $2`, r.ID, r.TenantID)
	}
	j, err := scanJob(row)
	if errors.Is(err, sql.ErrNoRows) {
		return Job{}, fault.New(fault.NotFound, "no failed job %d", r.ID)
	}
	if err != nil {
		return Job{}, fmt.Errorf("jobs: failed job %d: %w", r.ID, err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE job SET state = 'available', attempt = 0, run_at = $1, finished_at = NULL
WHERE id = $2 AND state = 'discarded'`, time.Now().UTC(), j.ID)
	if err != nil {
		return Job{}, fmt.Errorf("jobs: retry job %d: %w", j.ID, err)
	}
	return j, nil
}

// wakeUp makes a started queue look for due jobs at once.
func (q *Queue) wakeUp() {
	q.mu.Lock()
	r := q.run
	q.mu.Unlock()
	if r == nil {
		return
	}
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// DiscardedByKind counts the failed (discarded) jobs still kept, of all
// tenants, by kind: the /metrics gauge amtsweg_jobs_discarded.
func (q *Queue) DiscardedByKind(ctx context.Context) (map[string]int, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT kind, COUNT(*) FROM job WHERE state = 'discarded' GROUP BY kind`)
	if err != nil {
		return nil, fmt.Errorf("jobs: discarded by kind: %w", err)
	}
	out := map[string]int{}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var kind string
		var n int
		if err := row.Scan(&kind, &n); err != nil {
			return fmt.Errorf("jobs: discarded by kind: %w", err)
		}
		out[kind] = n
		return nil
	})
	return out, err
}

// Failures counts the failed attempts of this process since it started,
// by kind, and how many of them discarded the job: the /metrics counters
// amtsweg_job_failures_total and amtsweg_job_discards_total.
func (q *Queue) Failures() (failed, discarded map[string]uint64) {
	q.mu.Lock()
	defer q.mu.Unlock()
	return maps.Clone(q.failed), maps.Clone(q.discarded)
}

// countFailure records one failed attempt of kind for Failures.
func (q *Queue) countFailure(kind string, discarded bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.failed == nil {
		q.failed, q.discarded = map[string]uint64{}, map[string]uint64{}
	}
	q.failed[kind]++
	if discarded {
		q.discarded[kind]++
	}
}
