package jobs

import (
	"context"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
)

// Periodic is a job enqueued on a fixed schedule (e.g. daily retention,
// hourly draft cleanup). It runs once per cluster, not once per process:
// every started process enqueues the next run with a unique key naming its
// time slot, and the unique index lets only the first insert through.
type Periodic struct {
	// Every is the period; it must be at least twice the maintenance
	// interval (default: at least 2 minutes).
	Every time.Duration
	// Offset shifts the runs from the period's UTC start: Every 24h with
	// Offset 2h runs daily at 02:00 UTC.
	Offset time.Duration
	// Args is the job enqueued each time.
	Args Args
}

// next returns the first run strictly after now.
func (p Periodic) next(now time.Time) time.Time {
	t := now.Add(-p.Offset).Truncate(p.Every).Add(p.Offset)
	for !t.After(now) {
		t = t.Add(p.Every)
	}
	return t.UTC()
}

// AddPeriodic makes started processes schedule p. Register a worker for
// p.Args's kind as well. Like Register it panics on wiring mistakes: no
// args, a period shorter than two maintenance intervals, or a call after
// Start. A run missed because no process was working is made up once, late;
// further missed runs are skipped.
func (q *Queue) AddPeriodic(p Periodic) {
	q.mu.Lock()
	defer q.mu.Unlock()
	switch {
	case p.Args == nil || p.Args.Kind() == "":
		panic("jobs: AddPeriodic without args")
	case p.Every < 2*q.cfg.MaintenanceInterval:
		panic(fmt.Sprintf("jobs: AddPeriodic %s: period %s shorter than twice the maintenance interval", p.Args.Kind(), p.Every))
	case q.run != nil:
		panic("jobs: AddPeriodic " + p.Args.Kind() + " after Start")
	}
	q.periodic = append(q.periodic, p)
}

// schedulePeriodic enqueues the next run of every periodic job unless some
// process did so already.
func (q *Queue) schedulePeriodic(ctx context.Context, tx *store.Tx, now time.Time) error {
	for _, p := range q.periodic {
		at := p.next(now)
		if _, err := q.EnqueueTx(ctx, tx, p.Args, RunAt(at), UniqueKey("periodic@"+at.Format(time.RFC3339Nano))); err != nil {
			return err
		}
	}
	return nil
}
