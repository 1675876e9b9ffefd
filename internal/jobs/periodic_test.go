package jobs_test

import (
	"context"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// sweep is the periodic kind of the tests.
type sweep struct{}

func (sweep) Kind() string { return "test.sweep" }

func TestPeriodicJobRunsOncePerSlotAcrossProcesses(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var got runs
		const every = 150 * time.Millisecond
		var queues []*jobs.Queue
		for range 3 { // three processes on one database
			q := newQueue(t, db, fast(2))
			jobs.Register(q, func(context.Context, sweep) error { got.add(0); return nil })
			q.AddPeriodic(jobs.Periodic{Every: every, Args: sweep{}})
			start(t, q)
			queues = append(queues, q)
		}
		// Three processes polling every 10ms would run a slot more than
		// once within 4 slots if anything let them.
		deadline := time.Now().Add(15 * time.Second)
		var slots map[time.Time]int
		for len(slots) < 4 && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
			slots = completedSlots(t, db)
		}
		for _, q := range queues {
			stop(t, q)
		}
		slots = completedSlots(t, db)
		for at, n := range slots {
			if n > 1 {
				t.Errorf("slot %s ran %d times", at, n)
			}
			if at.UnixNano()%int64(every) != 0 {
				t.Errorf("run at %s is not on a %s boundary", at, every)
			}
		}
		if n := got.get(0); n != len(slots) {
			t.Errorf("worker ran %d times for %d completed slots", n, len(slots))
		}
		if len(slots) < 4 {
			t.Errorf("%d slots completed, want at least 4", len(slots))
		}
	})
}

// completedSlots counts the completed sweep jobs per due time.
func completedSlots(t *testing.T, db *store.DB) map[time.Time]int {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), `SELECT run_at FROM job WHERE kind = $1 AND state = 'completed'`, sweep{}.Kind())
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	slots := map[time.Time]int{}
	for rows.Next() {
		var at time.Time
		if err := rows.Scan(&at); err != nil {
			t.Fatal(err)
		}
		slots[at.UTC()]++
	}
	return slots
}

func TestLostWorkerJobIsTakenBack(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name        string
		maxAttempts int
		want        jobs.State
	}{
		{"attempts left: runs again", 3, jobs.Completed},
		{"last attempt: discarded", 1, jobs.Discarded},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := newQueue(t, db, fast(2))
		var got runs
		jobs.Register(q, func(_ context.Context, a ping) error { got.add(a.N); return nil })
		ids := make([]int64, len(cases))
		for i, c := range cases {
			ids[i] = enqueue(t, db, q, ping{N: i}, jobs.MaxAttempts(c.maxAttempts))
			// A process claimed it and died: running, lease expired.
			err := db.Tx(ctx, func(tx *store.Tx) error {
				_, err := tx.ExecContext(ctx, `UPDATE job SET state = 'running', attempt = 1, locked_until = $1 WHERE id = $2`,
					time.Now().UTC().Add(-time.Second), ids[i])
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		start(t, q)
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				j := waitState(t, q, ids[i], c.want)
				if j.LastError == "" && c.want == jobs.Discarded {
					t.Error("discarded without a reason")
				}
			})
		}
	})
}
