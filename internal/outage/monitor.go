package outage

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Monitor holds whether the database is reachable, as the last ping found
// it. A request that failed with a database outage (Suspect) wakes the
// prober at once instead of deciding itself, so one odd error never flips
// the state: only a failed ping does, and the first ping that answers
// again ends the outage. Safe for concurrent use; the zero value is not
// usable, call NewMonitor.
type Monitor struct {
	ping func(context.Context) error
	log  *slog.Logger
	// Every is how often Run pings while the database answers; while it
	// is down Run pings every Every/5 (at least every 200 ms) so service
	// resumes quickly.
	Every time.Duration
	// Timeout bounds one ping.
	Timeout time.Duration

	down  atomic.Bool
	since atomic.Int64 // unix nanos the current outage began
	wake  chan struct{}
	mu    sync.Mutex               // serialises probes
	last  atomic.Pointer[probeErr] // the last probe's outcome
}

// probeErr boxes a probe's error for the atomic pointer.
type probeErr struct{ err error }

// NewMonitor returns a monitor that pings with ping (store.DB.Ping).
func NewMonitor(ping func(context.Context) error, log *slog.Logger) *Monitor {
	return &Monitor{ping: ping, log: log, Every: 5 * time.Second, Timeout: 2 * time.Second,
		wake: make(chan struct{}, 1)}
}

// Down reports whether the database is unreachable, as last seen.
func (m *Monitor) Down() bool { return m != nil && m.down.Load() }

// Since is when the current outage began (zero when the database is up).
func (m *Monitor) Since() time.Time {
	if !m.Down() {
		return time.Time{}
	}
	return time.Unix(0, m.since.Load())
}

// Suspect tells the monitor that err came back from the database; an
// outage error wakes the prober. It reports whether err is one.
func (m *Monitor) Suspect(err error) bool {
	if !DatabaseDown(err) {
		return false
	}
	if m != nil {
		select {
		case m.wake <- struct{}{}:
		default:
		}
	}
	return true
}

// Run pings until ctx ends: every Every while the database answers,
// more often while it does not, and at once after Suspect.
func (m *Monitor) Run(ctx context.Context) {
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-m.wake:
		}
		m.Probe(ctx)
		t.Reset(m.interval())
	}
}

func (m *Monitor) interval() time.Duration {
	if m.Down() {
		return max(m.Every/5, 200*time.Millisecond)
	}
	return m.Every
}

// Probe pings once and records the outcome; it returns the ping's error.
// Errors that are not an outage (say, a closed database at shutdown)
// leave the state as it is. While another probe runs it does not queue
// behind it (a database that stopped answering makes each take up to
// Timeout, and load balancers probe often): it returns the last outcome.
func (m *Monitor) Probe(ctx context.Context) error {
	if !m.mu.TryLock() {
		if l := m.last.Load(); l != nil {
			return l.err
		}
		m.mu.Lock()
	}
	defer m.mu.Unlock()
	pctx, cancel := context.WithTimeout(ctx, m.Timeout)
	defer cancel()
	err := m.ping(pctx)
	m.last.Store(&probeErr{err})
	switch {
	case err == nil && m.down.Load():
		m.log.Warn("database reachable again: crisis mode ends", "outage", time.Since(m.Since()).Round(time.Millisecond))
		m.down.Store(false)
	case err != nil && ctx.Err() == nil && DatabaseDown(err) && !m.down.Load():
		m.since.Store(time.Now().UnixNano())
		m.down.Store(true)
		m.log.Error("database unreachable: crisis mode (catalog from memory, maintenance page for the rest)", "err", err)
	}
	return err
}
