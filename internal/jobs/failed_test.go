package jobs_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestFailedJobsByTenant: jobs enqueued one by one or in a batch keep
// their tenant and subject; once discarded, each tenant lists only its
// own, the installation's are listed with tenant 0 and all of them for
// operators; a retry is scoped the same way, refuses a job that has not
// failed, and runs the job again with a fresh count of attempts; a panic
// and an error are counted by kind.
func TestFailedJobsByTenant(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := newQueue(t, db, fast(2))
		var fixed atomic.Bool
		jobs.Register(q, func(_ context.Context, a ping) error {
			switch {
			case fixed.Load():
				return nil
			case a.N == 1:
				panic("index out of range [128512] with length 65536")
			}
			return errors.New("boom")
		})
		mine := enqueue(t, db, q, ping{N: 1}, jobs.MaxAttempts(2), jobs.For(7, "SN-2026-000001"))
		install := enqueue(t, db, q, ping{N: 2}, jobs.MaxAttempts(1))
		err := db.Tx(ctx, func(tx *store.Tx) error {
			return q.EnqueueBatchTx(ctx, tx, jobs.Item{Args: ping{N: 3}, Options: []jobs.Option{jobs.MaxAttempts(1), jobs.For(8, "BY-2026-000001")}})
		})
		if err != nil {
			t.Fatal(err)
		}
		start(t, q)
		waitState(t, q, mine, jobs.Discarded)
		waitState(t, q, install, jobs.Discarded)
		var theirs []jobs.Job
		for len(theirs) == 0 {
			if theirs, err = q.Failed(ctx, 8); err != nil {
				t.Fatal(err)
			}
		}
		if theirs[0].Subject != "BY-2026-000001" || theirs[0].TenantID != 8 {
			t.Fatalf("batched job %+v", theirs[0])
		}
		got, _ := q.Failed(ctx, 7)
		if len(got) != 1 || got[0].ID != mine || got[0].Subject != "SN-2026-000001" || got[0].LastError != "panic: index out of range [128512] with length 65536" ||
			got[0].FinishedAt.IsZero() || got[0].Attempt != 2 {
			t.Fatalf("tenant 7's failed jobs %+v", got)
		}
		if got, _ := q.Failed(ctx, 0); len(got) != 1 || got[0].ID != install || got[0].TenantID != 0 {
			t.Fatalf("installation's failed jobs %+v", got)
		}
		if all, _ := q.FailedAll(ctx); len(all) != 3 {
			t.Fatalf("operator sees %d failed jobs, want 3", len(all))
		}
		waitFailures(t, q, "test.ping", 4, 3)
		if n, _ := q.DiscardedByKind(ctx); n["test.ping"] != 3 {
			t.Fatalf("discarded by kind %v", n)
		}
		fixed.Store(true)
		for _, bad := range []jobs.RetryRequest{{TenantID: 8, ID: mine}, {TenantID: 0, ID: mine}, {TenantID: 7, ID: install}} {
			if _, err := q.Retry(ctx, bad); !fault.Is(err, fault.NotFound) {
				t.Errorf("retry %+v: %v, want NotFound", bad, err)
			}
		}
		if _, err := q.Retry(ctx, jobs.RetryRequest{TenantID: 7, ID: mine, Actor: "staff:1"}); err != nil {
			t.Fatal(err)
		}
		if _, err := q.Retry(ctx, jobs.RetryRequest{Operator: true, ID: install, Actor: "cli"}); err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{mine, install} {
			if j := waitState(t, q, id, jobs.Completed); j.Attempt != 1 || j.LastError != "" {
				t.Errorf("retried job %+v", j)
			}
		}
		if _, err := q.Retry(ctx, jobs.RetryRequest{Operator: true, ID: mine}); !fault.Is(err, fault.NotFound) {
			t.Errorf("retry of a completed job: %v, want NotFound", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'job.retry'`); n != 2 {
			t.Errorf("%d retries audited, want 2", n)
		}
	})
}

// waitFailures waits until the queue's in-process counters show failed
// attempts and discards of kind: a worker counts an outcome only after it
// has committed it, so a job's state in the database can be seen a moment
// before its count (the race made this test fail once in CI).
func waitFailures(t *testing.T, q *jobs.Queue, kind string, failed, discarded uint64) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		f, d := q.Failures()
		if f[kind] == failed && d[kind] == discarded {
			return
		}
		if f[kind] > failed || d[kind] > discarded || time.Now().After(deadline) {
			t.Fatalf("failures %v, discards %v; want %d and %d of %s", f, d, failed, discarded, kind)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
