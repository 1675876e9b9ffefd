package jobs_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func TestFailedJobsAreRetriedOrDiscarded(t *testing.T) {
	t.Parallel()
	errBoom := errors.New("smtp 451 temporary failure")
	cases := []struct {
		name        string
		n           int // ping.N; the worker behaves by it
		fail        func(attempt int) error
		maxAttempts int
		wantState   jobs.State
		wantAttempt int
		wantError   string
	}{
		{"fails twice then succeeds", 1, func(a int) error {
			if a <= 2 {
				return errBoom
			}
			return nil
		}, 5, jobs.Completed, 3, ""},
		{"panics once then succeeds", 2, func(a int) error {
			if a == 1 {
				panic("nil map")
			}
			return nil
		}, 5, jobs.Completed, 2, ""},
		{"out of attempts", 3, func(int) error { return errBoom }, 2, jobs.Discarded, 2, "smtp 451"},
		{"permanent", 4, func(int) error { return jobs.Permanent(errBoom) }, 5, jobs.Discarded, 1, "smtp 451"},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		var got runs
		q := newQueue(t, db, fast(4))
		jobs.Register(q, func(_ context.Context, a ping) error {
			return cases[a.N-1].fail(got.add(a.N))
		})
		ids := make([]int64, len(cases))
		for i, c := range cases {
			ids[i] = enqueue(t, db, q, ping{N: c.n}, jobs.MaxAttempts(c.maxAttempts))
		}
		start(t, q)
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				j := waitState(t, q, ids[i], c.wantState)
				if j.Attempt != c.wantAttempt || got.get(c.n) != c.wantAttempt {
					t.Errorf("attempt %d, worker called %d times, want %d", j.Attempt, got.get(c.n), c.wantAttempt)
				}
				if !strings.Contains(j.LastError, c.wantError) || (c.wantError == "") != (j.LastError == "") {
					t.Errorf("last error %q, want %q", j.LastError, c.wantError)
				}
			})
		}
	})
}

func TestDepthCountsPendingJobs(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := newQueue(t, db, fast(2)) // not started: nothing is worked
		steps := []struct {
			name      string
			enqueue   func() int64
			wantDepth int
		}{
			{"due now", func() int64 { return enqueue(t, db, q, ping{N: 1}) }, 1},
			{"scheduled", func() int64 { return enqueue(t, db, q, ping{N: 2}, jobs.RunAt(time.Now().Add(time.Hour))) }, 2},
			{"unique", func() int64 { return enqueue(t, db, q, ping{N: 3}, jobs.UniqueKey("case-3")) }, 3},
			{"unique again", func() int64 { return enqueue(t, db, q, ping{N: 3}, jobs.UniqueKey("case-3")) }, 3},
			{"rolled back", func() int64 {
				db.Tx(ctx, func(tx *store.Tx) error {
					q.EnqueueTx(ctx, tx, ping{N: 4})
					return errors.New("roll back")
				})
				return 0
			}, 3},
		}
		ids := map[string]int64{}
		for _, s := range steps {
			ids[s.name] = s.enqueue()
			if n, err := q.Depth(ctx); err != nil || n != s.wantDepth {
				t.Fatalf("after %s: depth %d, %v; want %d", s.name, n, err, s.wantDepth)
			}
		}
		if ids["unique"] != ids["unique again"] {
			t.Errorf("unique enqueue gave ids %d and %d, want the same", ids["unique"], ids["unique again"])
		}
		var got runs
		jobs.Register(q, func(_ context.Context, a ping) error { got.add(a.N); return nil })
		start(t, q)
		waitState(t, q, ids["due now"], jobs.Completed)
		waitState(t, q, ids["unique"], jobs.Completed)
		if n, err := q.Depth(ctx); err != nil || n != 1 {
			t.Errorf("after work: depth %d, %v; want 1 (the scheduled job)", n, err)
		}
		if got.get(2) != 0 || got.get(3) != 1 {
			t.Errorf("scheduled job ran %d times (want 0), unique job %d times (want 1)", got.get(2), got.get(3))
		}
	})
}

func TestEnqueueRejectsBadInput(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := newQueue(t, db, fast(1))
		cases := []struct {
			name string
			args jobs.Args
			opts []jobs.Option
		}{
			{"no args", nil, nil},
			{"zero attempts", ping{}, []jobs.Option{jobs.MaxAttempts(0)}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				err := db.Tx(ctx, func(tx *store.Tx) error {
					_, err := q.EnqueueTx(ctx, tx, c.args, c.opts...)
					return err
				})
				if err == nil {
					t.Error("want error")
				}
			})
		}
		if _, err := q.Job(ctx, 4711); err == nil || !strings.Contains(err.Error(), "not_found") {
			t.Errorf("missing job: %v, want not_found", err)
		}
	})
}

func TestDefaultBackoffGrowsAndIsCapped(t *testing.T) {
	t.Parallel()
	cases := []struct {
		attempt  int
		min, max time.Duration
	}{
		{1, 900 * time.Millisecond, 1100 * time.Millisecond},
		{3, 72 * time.Second, 90 * time.Second},
		{17, 20 * time.Hour, 26 * time.Hour},
		{1000, 20 * time.Hour, 26 * time.Hour},
	}
	for _, c := range cases {
		if d := jobs.DefaultBackoff(c.attempt); d < c.min || d > c.max {
			t.Errorf("attempt %d: %s, want %s..%s", c.attempt, d, c.min, c.max)
		}
	}
}
