package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestLeaseRenewedWhileRunning: two processes (queues) on one database and
// a job that runs four times longer than the lease: the running worker
// renews its lease, so the other process never takes the job back and it
// runs exactly once (issue 16: the lease became short).
func TestLeaseRenewedWhileRunning(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		cfg := fast(2)
		// A second: the worker renews every third of it, so a renewal
		// must be late by over 600 ms to lose the job. With 150 ms a
		// saturated CI machine delayed one that long (SQLite, once).
		cfg.Lease = time.Second
		var r runs
		release := make(chan struct{})
		for range 2 {
			q := newQueue(t, db, cfg)
			jobs.Register(q, func(ctx context.Context, p ping) error {
				if r.add(p.N) == 1 {
					select {
					case <-release:
					case <-ctx.Done():
					}
				}
				return nil
			})
			start(t, q)
		}
		q := newQueue(t, db, cfg)
		id := enqueue(t, db, q, ping{N: 1})
		waitState(t, q, id, jobs.Running)
		time.Sleep(3 * cfg.Lease) // the lease must outlive this without the job being handed out again
		close(release)
		j := waitState(t, q, id, jobs.Completed)
		if j.Attempt != 1 || r.get(1) != 1 {
			t.Fatalf("attempt %d, ran %d times; want one run", j.Attempt, r.get(1))
		}
	})
}

// TestLostJobRunsAgainAfterLease: a job whose process was killed while it
// ran (running, lease about to run out, nobody renewing) runs again on
// another process after about the lease, not after the attempt timeout
// plus a minute as before, and not only at the next maintenance.
func TestLostJobRunsAgainAfterLease(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		cfg := fast(1)
		cfg.Lease, cfg.MaintenanceInterval = 200*time.Millisecond, time.Hour
		q := newQueue(t, db, cfg)
		var r runs
		jobs.Register(q, func(_ context.Context, p ping) error { r.add(p.N); return nil })
		id := enqueue(t, db, q, ping{N: 7})
		ctx := context.Background()
		// The killed process claimed it with a lease that has not run out yet.
		err := db.Tx(ctx, func(tx *store.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE job SET state = 'running', attempt = 1, locked_until = $1 WHERE id = $2`,
				time.Now().UTC().Add(cfg.Lease), id)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		begin := time.Now()
		start(t, q)
		j := waitState(t, q, id, jobs.Completed)
		if took := time.Since(begin); j.Attempt != 2 || r.get(7) != 1 || took > 10*time.Second {
			t.Fatalf("attempt %d, ran %d times here, after %v", j.Attempt, r.get(7), took)
		}
	})
}
