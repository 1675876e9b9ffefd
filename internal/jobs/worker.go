package jobs

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"runtime/debug"
	"sync"
	"time"

	"github.com/amtsweg/amtsweg/internal/outage"
)

// runner is the state of a started Queue.
type runner struct {
	workers  map[string]workFunc
	slots    chan struct{} // one token per running job
	wake     chan struct{} // a job finished: look again at once
	stop     chan struct{} // closed by Stop: fetch no more
	stopOnce sync.Once
	loopDone chan struct{} // closed when the fetch loop has returned
	jobs     sync.WaitGroup
	cancel   context.CancelFunc // cancels running jobs on a forced stop
	ctx      context.Context
	// fetchCalm keeps the fetch errors to a line a minute while the
	// database is gone (package outage).
	fetchCalm *outage.Calm
}

// Start begins working jobs in the background: it schedules the periodic
// jobs and then polls for due jobs until Stop. It returns an error when q
// was started before or the first maintenance fails.
func (q *Queue) Start(ctx context.Context) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.run != nil {
		return errors.New("jobs: Start called twice")
	}
	if err := q.maintain(ctx); err != nil {
		return err
	}
	// Jobs outlive the caller's ctx: only Stop ends them.
	runCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	q.run = &runner{
		workers:   maps.Clone(q.workers),
		slots:     make(chan struct{}, q.cfg.Workers),
		wake:      make(chan struct{}, 1),
		stop:      make(chan struct{}),
		loopDone:  make(chan struct{}),
		cancel:    cancel,
		ctx:       runCtx,
		fetchCalm: outage.NewCalm(q.log, "jobs: fetch"),
	}
	go q.loop(q.run)
	q.log.Info("jobs started", "workers", q.cfg.Workers, "kinds", len(q.workers), "periodic", len(q.periodic))
	return nil
}

// Stop stops fetching and waits for running jobs to finish. When ctx ends
// first, it cancels the running jobs, waits a few seconds more for them to
// return, and reports ctx's error; their attempts are then retried later.
// Stop on a Queue that was not started does nothing.
func (q *Queue) Stop(ctx context.Context) error {
	q.mu.Lock()
	r := q.run
	q.mu.Unlock()
	if r == nil {
		return nil
	}
	r.stopOnce.Do(func() { close(r.stop) })
	<-r.loopDone
	defer r.cancel()
	done := make(chan struct{})
	go func() { r.jobs.Wait(); close(done) }()
	select {
	case <-done:
		q.log.Info("jobs stopped")
		return nil
	case <-ctx.Done():
	}
	r.cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		q.log.Warn("jobs: workers ignore cancellation; leaving them behind")
	}
	return fmt.Errorf("jobs: stop: %w", ctx.Err())
}

// loop fetches due jobs while there are free slots, and sleeps for the poll
// interval (or until a job finishes) when there is nothing to do.
func (q *Queue) loop(r *runner) {
	defer close(r.loopDone)
	poll := time.NewTicker(q.cfg.PollInterval)
	defer poll.Stop()
	maint := time.NewTicker(q.cfg.MaintenanceInterval)
	defer maint.Stop()
	maintCalm := outage.NewCalm(q.log, "jobs: maintenance")
	rescueCalm := outage.NewCalm(q.log, "jobs: giving back lost jobs")
	lost := time.NewTicker(max(q.cfg.Lease/2, 10*time.Millisecond))
	defer lost.Stop()
	for {
		q.fetch(r)
		select {
		case <-r.stop:
			return
		case <-maint.C:
			if err := q.maintain(r.ctx); err != nil {
				maintCalm.Fail(err)
			} else {
				maintCalm.OK()
			}
		case <-lost.C:
			if err := q.rescue(r.ctx); err != nil {
				rescueCalm.Fail(err)
			} else {
				rescueCalm.OK()
			}
		case <-poll.C:
		case <-r.wake:
		}
	}
}

// fetch claims as many due jobs as there are free slots and starts them.
// Getting fewer than asked for means nothing else is due yet; a finished
// job wakes the loop so a busy queue drains without waiting for the poll.
func (q *Queue) fetch(r *runner) {
	free := cap(r.slots) - len(r.slots)
	if free == 0 {
		return
	}
	claimed, err := q.claim(r.ctx, free)
	if err != nil {
		r.fetchCalm.Fail(err) // polled every second: one line a minute while the database is gone
		return
	}
	r.fetchCalm.OK()
	for _, c := range claimed {
		r.slots <- struct{}{}
		r.jobs.Add(1)
		go q.work(r, c)
	}
}

// work runs one claimed job and records its outcome.
func (q *Queue) work(r *runner, c claimed) {
	defer func() {
		<-r.slots
		r.jobs.Done()
		select {
		case r.wake <- struct{}{}:
		default:
		}
	}()
	start := time.Now()
	renewed := make(chan struct{})
	go q.renew(c, renewed)
	err := q.call(r, c)
	close(renewed)
	// Record the outcome even when the run context was cancelled.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.ctx), 10*time.Second)
	defer cancel()
	state, ferr := q.finish(ctx, c, err)
	if err != nil {
		q.countFailure(c.kind, ferr == nil && state == Discarded)
	}
	if ferr != nil {
		q.log.Error("jobs: record outcome", "job", c.id, "kind", c.kind, "err", ferr)
		return
	}
	log := q.log.With("job", c.id, "kind", c.kind, "attempt", c.attempt, "duration", time.Since(start))
	if state == Discarded {
		log.Error("job failed for good (discarded)", "err", err)
		return
	}
	if err != nil {
		log.Warn("job failed", "err", err)
		return
	}
	log.Debug("job completed")
}

// call runs the worker of c's kind with the attempt timeout; a panic
// becomes the attempt's error (recorded like any failure, with its stack in
// the log only), so a job never takes the process down.
func (q *Queue) call(r *runner, c claimed) (err error) {
	w := r.workers[c.kind]
	if w == nil {
		return fmt.Errorf("no worker registered for kind %q", c.kind)
	}
	ctx, cancel := context.WithTimeout(r.ctx, q.cfg.Timeout)
	defer cancel()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
			q.log.Error("job panicked", "job", c.id, "kind", c.kind, "attempt", c.attempt, "panic", p, "stack", string(debug.Stack()))
		}
	}()
	return w(ctx, c.args)
}
