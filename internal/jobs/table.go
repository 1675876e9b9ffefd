package jobs

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
)

// claimed is a job leased to this process.
type claimed struct {
	id          int64
	kind        string
	args        []byte
	attempt     int
	maxAttempts int
}

// leaseMargin is how long after its timeout a job's lease is no longer
// renewed: a worker that ignores its cancelled context loses the job.
const leaseMargin = time.Minute

// claimSQL leases up to $3 due jobs. On PostgreSQL, SKIP LOCKED lets many
// processes claim at once without waiting for or taking each other's rows;
// SQLite has one writer, whose IMMEDIATE transaction serialises claims.
func claimSQL(d store.Dialect) string {
	return `UPDATE job SET state = 'running', attempt = attempt + 1, attempted_at = $1, locked_until = $2
WHERE id IN (SELECT id FROM job WHERE state = 'available' AND run_at <= $1 ORDER BY run_at, id LIMIT $3` + d.ForUpdateSkipLocked() + `)
RETURNING id, kind, args, attempt, max_attempts`
}

// claim leases up to n due jobs. It first asks the read pool whether any
// job is due, so an idle process does not take SQLite's write lock on
// every poll.
func (q *Queue) claim(ctx context.Context, n int) ([]claimed, error) {
	now := time.Now().UTC()
	var due int
	err := q.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM job WHERE state = 'available' AND run_at <= $1 LIMIT 1) d`, now).Scan(&due)
	if err != nil || due == 0 {
		return nil, err
	}
	var out []claimed
	err = q.db.Tx(ctx, func(tx *store.Tx) error {
		rows, err := tx.QueryContext(ctx, claimSQL(q.db.Dialect), now, now.Add(q.cfg.Lease), n)
		if err != nil {
			return err
		}
		err = store.ForEach(rows, nil, func(row store.Row) error {
			var c claimed
			if err := row.Scan(&c.id, &c.kind, &c.args, &c.attempt, &c.maxAttempts); err != nil {
				return err
			}
			out = append(out, c)
			return nil
		})
		return err
	})
	return out, err
}

// finish records the outcome of c's attempt: completed, retried after the
// backoff, or discarded, and returns that state. The attempt guard ignores
// an outcome that arrives after the job was given up as lost and leased
// again.
func (q *Queue) finish(ctx context.Context, c claimed, jobErr error) (State, error) {
	now := time.Now().UTC()
	state, lastError := Completed, ""
	var runAt, finished any // NULL unless set
	switch {
	case jobErr == nil:
		finished = now
	case c.attempt >= c.maxAttempts || isPermanent(jobErr):
		state, finished, lastError = Discarded, now, jobErr.Error()
	default:
		state, runAt, lastError = Available, now.Add(q.cfg.Backoff(c.attempt)), jobErr.Error()
	}
	if len(lastError) > 2000 {
		lastError = lastError[:2000]
	}
	res, err := q.db.ExecContext(ctx, `UPDATE job SET state = $1, run_at = COALESCE($2, run_at), finished_at = $3,
last_error = $4, locked_until = NULL WHERE id = $5 AND state = 'running' AND attempt = $6`,
		string(state), runAt, finished, lastError, c.id, c.attempt)
	if err != nil {
		return state, err
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return state, errors.New("lease lost: the job ran longer than its timeout and was taken back")
	}
	return state, nil
}

// maintain gives back jobs whose worker vanished, deletes old finished jobs
// and schedules the next run of every periodic job, in one short
// transaction. Every process does it; the statements are idempotent.
func (q *Queue) maintain(ctx context.Context) error {
	now := time.Now().UTC()
	return q.db.Tx(ctx, func(tx *store.Tx) error {
		if err := giveBack(ctx, tx, now); err != nil {
			return err
		}
		steps := []struct {
			sql  string
			args []any
		}{
			{`DELETE FROM job WHERE state = 'completed' AND finished_at < $1`, []any{now.Add(-q.cfg.KeepCompleted)}},
			{`DELETE FROM job WHERE state = 'discarded' AND finished_at < $1`, []any{now.Add(-q.cfg.KeepDiscarded)}},
		}
		for _, s := range steps {
			if _, err := tx.ExecContext(ctx, s.sql, s.args...); err != nil {
				return fmt.Errorf("jobs: maintenance: %w", err)
			}
		}
		return q.schedulePeriodic(ctx, tx, now)
	})
}

// giveBack makes the running jobs whose lease ran out (their process died)
// available again, or discards them when their attempts are used up.
func giveBack(ctx context.Context, tx *store.Tx, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE job SET state = 'discarded', finished_at = $1, locked_until = NULL, last_error = $2
WHERE state = 'running' AND locked_until < $1 AND attempt >= max_attempts`, now, lostWorker); err != nil {
		return fmt.Errorf("jobs: give back lost jobs: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE job SET state = 'available', run_at = $1, locked_until = NULL, last_error = $2
WHERE state = 'running' AND locked_until < $1`, now, lostWorker); err != nil {
		return fmt.Errorf("jobs: give back lost jobs: %w", err)
	}
	return nil
}

// rescue gives back the jobs of vanished workers (between maintenances).
func (q *Queue) rescue(ctx context.Context) error {
	return q.db.Tx(ctx, func(tx *store.Tx) error { return giveBack(ctx, tx, time.Now().UTC()) })
}

// renew extends c's lease every Lease/3 until done is closed or the
// attempt's timeout plus leaseMargin has passed; a lost lease (the job was
// given back) ends the renewal.
func (q *Queue) renew(c claimed, done <-chan struct{}) {
	every := max(q.cfg.Lease/3, 10*time.Millisecond)
	t := time.NewTicker(every)
	defer t.Stop()
	until := time.Now().Add(q.cfg.Timeout + leaseMargin)
	for {
		select {
		case <-done:
			return
		case now := <-t.C:
			if now.After(until) {
				return
			}
		}
		ctx, cancel := context.WithTimeout(context.Background(), every)
		res, err := q.db.ExecContext(ctx, `UPDATE job SET locked_until = $1 WHERE id = $2 AND state = 'running' AND attempt = $3`,
			time.Now().UTC().Add(q.cfg.Lease), c.id, c.attempt)
		cancel()
		if err != nil {
			q.log.Warn("jobs: renewing a lease failed; retrying", "job", c.id, "err", err)
			continue
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return
		}
	}
}

const lostWorker = "worker lost during the attempt (process stopped or crashed)"
