package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestEnqueueBatch: a batch inserts every job once — a unique key already
// in the table or twice in the batch is skipped — and every job runs.
func TestEnqueueBatch(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var got runs
		q := newQueue(t, db, fast(2))
		jobs.Register(q, func(_ context.Context, a ping) error { got.add(a.N); return nil })
		enqueue(t, db, q, ping{N: 1}, jobs.UniqueKey("a"))
		items := []jobs.Item{
			{Args: ping{N: 2}, Options: []jobs.Option{jobs.UniqueKey("a")}}, // in the table
			{Args: ping{N: 3}, Options: []jobs.Option{jobs.UniqueKey("b")}},
			{Args: ping{N: 4}, Options: []jobs.Option{jobs.UniqueKey("b")}}, // twice in the batch
			{Args: ping{N: 5}},
			{Args: ping{N: 6}, Options: []jobs.Option{jobs.MaxAttempts(3), jobs.RunAt(time.Now().Add(-time.Second))}},
		}
		for range 600 { // more than one statement
			items = append(items, jobs.Item{Args: ping{N: 7}})
		}
		if err := db.Tx(ctx, func(tx *store.Tx) error { return q.EnqueueBatchTx(ctx, tx, items...) }); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM job`); n != 604 {
			t.Fatalf("%d jobs, want 604", n)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM job WHERE max_attempts = 3`); n != 1 {
			t.Fatalf("%d jobs with 3 attempts", n)
		}
		err := db.Tx(ctx, func(tx *store.Tx) error {
			return q.EnqueueBatchTx(ctx, tx, jobs.Item{Args: ping{N: 8}, Options: []jobs.Option{jobs.MaxAttempts(0)}})
		})
		if err == nil {
			t.Fatal("enqueued a job with 0 attempts")
		}
		start(t, q)
		deadline := time.Now().Add(20 * time.Second)
		for got.get(7) < 600 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		for n, want := range map[int]int{1: 1, 2: 0, 3: 1, 4: 0, 5: 1, 6: 1, 7: 600, 8: 0} {
			if got.get(n) != want {
				t.Errorf("ping %d ran %d times, want %d", n, got.get(n), want)
			}
		}
	})
}

func count(t *testing.T, db *store.DB, q string) int {
	t.Helper()
	var n int
	if err := db.QueryRowContext(context.Background(), q).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
