package outage_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/outage"
)

// flakyDB is a ping that fails while down is set.
type flakyDB struct{ down atomic.Bool }

func (f *flakyDB) ping(ctx context.Context) error {
	if f.down.Load() {
		return syscall.ECONNREFUSED
	}
	return nil
}

// TestMonitorFollowsThePing: a suspected outage wakes the prober at once
// (Every is an hour here, so only the wake-up can flip it), and the state
// ends with the first ping that answers.
func TestMonitorFollowsThePing(t *testing.T) {
	t.Parallel()
	db := &flakyDB{}
	m := outage.NewMonitor(db.ping, slog.New(slog.DiscardHandler))
	m.Every = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go m.Run(ctx)
	if m.Suspect(errors.New("no such row")) {
		t.Error("an ordinary error counts as an outage")
	}
	db.down.Store(true)
	if !m.Suspect(syscall.ECONNREFUSED) {
		t.Fatal("connection refused is no outage")
	}
	waitFor(t, m.Down, "the monitor to see the outage")
	if m.Since().IsZero() {
		t.Error("an outage without a start")
	}
	db.down.Store(false)
	// While down it pings every Every/5 (at least 200 ms): a long hour/5 here,
	// so a Suspect-independent Probe is what ends it.
	if err := m.Probe(ctx); err != nil {
		t.Fatal(err)
	}
	if m.Down() {
		t.Error("still down after a ping answered")
	}
}

// TestMonitorRecoversByItself: with a short interval the prober alone
// ends the outage once the database answers.
func TestMonitorRecoversByItself(t *testing.T) {
	t.Parallel()
	db := &flakyDB{}
	db.down.Store(true)
	m := outage.NewMonitor(db.ping, slog.New(slog.DiscardHandler))
	m.Every = 250 * time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go m.Run(ctx)
	waitFor(t, m.Down, "the outage")
	db.down.Store(false)
	waitFor(t, func() bool { return !m.Down() }, "the recovery")
}

// TestNilMonitor: a process without a monitor never reports an outage
// but still classifies errors.
func TestNilMonitor(t *testing.T) {
	t.Parallel()
	var m *outage.Monitor
	if m.Down() || !m.Suspect(syscall.ECONNRESET) {
		t.Error("nil monitor misbehaves")
	}
}

// TestCalmLogsOnceAMinute: a thousand failures in a row write one line,
// the recovery one more.
func TestCalmLogsOnceAMinute(t *testing.T) {
	t.Parallel()
	var buf syncBuffer
	c := outage.NewCalm(slog.New(slog.NewTextHandler(&buf, nil)), "jobs: fetch")
	for range 1000 {
		c.Fail(syscall.ECONNREFUSED)
	}
	c.OK()
	c.OK()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2:\n%s", len(lines), buf.String())
	}
	if !strings.Contains(lines[0], "level=WARN") || !strings.Contains(lines[1], "failures_not_logged=999") {
		t.Errorf("lines:\n%s", buf.String())
	}
}

func waitFor(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 10 s for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestProbeDoesNotQueue: while a ping hangs (a database that stopped
// answering), another Probe returns the last outcome at once instead of
// waiting behind it.
func TestProbeDoesNotQueue(t *testing.T) {
	t.Parallel()
	release, entered := make(chan struct{}), make(chan struct{}, 1)
	var hang atomic.Bool
	m := outage.NewMonitor(func(ctx context.Context) error {
		if hang.Load() {
			entered <- struct{}{}
			<-release
			return syscall.ECONNREFUSED
		}
		return nil
	}, slog.New(slog.DiscardHandler))
	if err := m.Probe(context.Background()); err != nil {
		t.Fatal(err)
	}
	hang.Store(true)
	done := make(chan error, 1)
	go func() { done <- m.Probe(context.Background()) }()
	<-entered
	if err := m.Probe(context.Background()); err != nil { // the last outcome, not a wait
		t.Errorf("second probe: %v, want the last outcome (nil)", err)
	}
	close(release)
	if err := <-done; err == nil || !m.Down() {
		t.Errorf("the hanging probe: %v, down %v", err, m.Down())
	}
}
