package jobs_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// ping is the job kind of the tests; N tells the jobs apart.
type ping struct{ N int }

func (ping) Kind() string { return "test.ping" }

// runs counts the attempts per N, safe for concurrent workers.
type runs struct {
	mu sync.Mutex
	n  map[int]int
}

func (r *runs) add(n int) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.n == nil {
		r.n = map[int]int{}
	}
	r.n[n]++
	return r.n[n]
}

func (r *runs) get(n int) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n[n]
}

func quiet() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// fast polls and retries quickly so the tests stay short.
func fast(workers int) jobs.Config {
	return jobs.Config{
		Workers: workers, PollInterval: 10 * time.Millisecond, MaintenanceInterval: 50 * time.Millisecond,
		Backoff: func(int) time.Duration { return 20 * time.Millisecond },
	}
}

func newQueue(t *testing.T, db *store.DB, cfg jobs.Config) *jobs.Queue {
	t.Helper()
	q, err := jobs.New(db, quiet(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// start starts q and stops it when the test ends.
func start(t *testing.T, q *jobs.Queue) {
	t.Helper()
	if err := q.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stop(t, q) })
}

func stop(t *testing.T, q *jobs.Queue) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := q.Stop(ctx); err != nil {
		t.Errorf("stop: %v", err)
	}
}

func enqueue(t *testing.T, db *store.DB, q *jobs.Queue, args jobs.Args, opts ...jobs.Option) int64 {
	t.Helper()
	var id int64
	err := db.Tx(context.Background(), func(tx *store.Tx) (err error) {
		id, err = q.EnqueueTx(context.Background(), tx, args, opts...)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// waitState polls until job id is in state want; timed assertions would
// be flaky, so the deadline is generous.
func waitState(t *testing.T, q *jobs.Queue, id int64, want jobs.State) jobs.Job {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		j, err := q.Job(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if j.State == want {
			return j
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d: state %s (attempt %d, %q), want %s", id, j.State, j.Attempt, j.LastError, want)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestRolledBackJobNeverRuns(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var got runs
		q := newQueue(t, db, fast(1))
		jobs.Register(q, func(_ context.Context, a ping) error { got.add(a.N); return nil })
		errRollback := errors.New("roll back")
		err := db.Tx(ctx, func(tx *store.Tx) error {
			if _, err := q.EnqueueTx(ctx, tx, ping{N: 1}); err != nil {
				return err
			}
			return errRollback
		})
		if !errors.Is(err, errRollback) {
			t.Fatalf("tx: %v", err)
		}
		// One worker takes jobs in order of due time: had job 1 survived
		// the rollback, it would run before job 2.
		later := enqueue(t, db, q, ping{N: 2})
		start(t, q)
		waitState(t, q, later, jobs.Completed)
		stop(t, q)
		if n := got.get(1); n != 0 {
			t.Errorf("rolled-back job ran %d times", n)
		}
		if n := got.get(2); n != 1 {
			t.Errorf("committed job ran %d times, want 1", n)
		}
	})
}

func TestJobCommittedWhileStoppedRunsOnceAfterRestart(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, fresh *store.DB) {
		ctx := context.Background()
		dsn := storetest.DSN(t, fresh.Dialect)
		open := func() *store.DB {
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			if err := db.Migrate(ctx, quiet()); err != nil {
				t.Fatal(err)
			}
			return db
		}
		// First process: jobs disabled, it only enqueues.
		db := open()
		q := newQueue(t, db, fast(2))
		id := enqueue(t, db, q, ping{N: 7})
		stop(t, q)
		db.Close()

		// Second process: workers on.
		db = open()
		defer db.Close()
		var got runs
		q = newQueue(t, db, fast(2))
		jobs.Register(q, func(_ context.Context, a ping) error { got.add(a.N); return nil })
		start(t, q)
		j := waitState(t, q, id, jobs.Completed)
		// A later job completing shows the queue went on polling without
		// picking job 7 up again.
		waitState(t, q, enqueue(t, db, q, ping{N: 8}), jobs.Completed)
		stop(t, q)
		if n := got.get(7); n != 1 || j.Attempt != 1 {
			t.Errorf("job ran %d times in %d attempts, want once", n, j.Attempt)
		}
	})
}
