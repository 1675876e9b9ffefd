package apply_test

// The overload run (issue #4): the amtsweg binary on a real port; first
// its capacity is measured closed-loop (32 clients submitting back to
// back), then submits arrive open-loop at twice that rate on a fixed
// schedule, independent of the answers. It reports the admitted
// submissions' latency, receipts, 503s (each must carry Retry-After), then
// retries every refused submission with its key and checks the stores.
// Gated, because it takes minutes and measures this machine:
//
//	AMTSWEG_OVERLOAD=1 [AMTSWEG_OVERLOAD_SECONDS=15] [AMTSWEG_OVERLOAD_FACTOR=2] \
//	AMTSWEG_TEST_POSTGRES_URL=… go test -count=1 -run TestOverloadRun -v -timeout 30m ./internal/apply/
//
// Extra arguments for serve (e.g. "--max-submit-inflight 16") go in
// AMTSWEG_OVERLOAD_SERVE_ARGS; AMTSWEG_OVERLOAD_ONLY=sqlite or postgres
// runs one engine. Figures belong in docs/benchmarks.md.

import (
	"math"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/bintest"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func TestOverloadRun(t *testing.T) {
	t.Parallel()
	if os.Getenv("AMTSWEG_OVERLOAD") == "" {
		t.Skip("set AMTSWEG_OVERLOAD=1 to run the overload measurement")
	}
	seconds := envFloat("AMTSWEG_OVERLOAD_SECONDS", 15)
	factor := envFloat("AMTSWEG_OVERLOAD_FACTOR", 2)
	bin := bintest.Build(t)
	for _, d := range storetest.Dialects() {
		if only := os.Getenv("AMTSWEG_OVERLOAD_ONLY"); only != "" && only != d.String() {
			continue
		}
		t.Run(d.String(), func(t *testing.T) {
			w := newWorld(t, d)
			t.Logf("load average at start: %s", loadAvg())
			capDrafts := w.prepare(t, int(envFloat("AMTSWEG_OVERLOAD_CAPACITY_DRAFTS", 3000)), 8)
			srv := w.startBinary(t, bin)
			capacity, capAcked := closedLoop(t, srv.base, capDrafts, 32, 8*time.Second)
			w.drainJobs(t) // the open loop starts without the capacity run's receipts still rendering
			srv.stop(t)
			rate := factor * capacity
			total := int(rate * seconds)
			t.Logf("capacity %.0f submits/s closed-loop (32 clients); open loop at %.0f/s for %.0f s = %d submits", capacity, rate, seconds, total)
			drafts := w.prepare(t, total, 8)
			srv = w.startBinary(t, bin)
			t.Logf("load average before the open loop: %s", loadAvg())
			outs, lag := openLoop(srv.base, drafts, rate)
			t.Logf("load average after the open loop: %s", loadAvg())
			acked, refused := report(t, drafts, outs, lag)
			c := newClient(16)
			retried := retryAll(t, c, srv.base, refused)
			srv.stop(t)
			w.checkSubmitted(t, slices.Concat(capAcked, acked, retried), len(capAcked)+len(drafts))
			t.Logf("stores checked: %d acknowledged + %d retried submissions, every file's SHA-256 intact", len(capAcked)+len(acked), len(retried))
		})
	}
}

// closedLoop submits with clients back-to-back workers until the drafts
// or the time run out and returns receipts per second and the receipts.
func closedLoop(t *testing.T, base string, drafts []draft, clients int, limit time.Duration) (float64, []draft) {
	c := newClient(clients)
	var mu sync.Mutex
	var acked []draft
	next := 0
	start := time.Now()
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				if next == len(drafts) || time.Since(start) > limit {
					mu.Unlock()
					return
				}
				d := drafts[next]
				next++
				mu.Unlock()
				if o := submit(c, base, d, time.Now()); o.receipt() {
					mu.Lock()
					acked = append(acked, d)
					mu.Unlock()
				} else if !o.refused() {
					t.Errorf("closed loop: status %d %v", o.status, o.err)
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	if next == len(drafts) && elapsed < limit/2 {
		t.Fatalf("the %d capacity drafts lasted only %v; raise AMTSWEG_OVERLOAD_CAPACITY_DRAFTS", len(drafts), elapsed)
	}
	return float64(len(acked)) / elapsed.Seconds(), acked
}

// openLoop sends submit i at start + i/rate whatever the answers so far;
// latency counts from the scheduled time, so a late sender cannot hide
// queueing. lag is how late the latest send left.
func openLoop(base string, drafts []draft, rate float64) ([]outcome, time.Duration) {
	c := newClient(4096)
	outs := make([]outcome, len(drafts))
	var wg sync.WaitGroup
	var lag time.Duration
	start := time.Now().Add(100 * time.Millisecond)
	for i, d := range drafts {
		at := start.Add(time.Duration(float64(i) / rate * float64(time.Second)))
		time.Sleep(time.Until(at))
		lag = max(lag, time.Since(at))
		wg.Add(1)
		go func() {
			defer wg.Done()
			outs[i] = submit(c, base, d, at)
		}()
	}
	wg.Wait()
	return outs, lag
}

// report logs the open loop's figures and splits the drafts.
func report(t *testing.T, drafts []draft, outs []outcome, lag time.Duration) (acked, refused []draft) {
	var lat, refusedLat []time.Duration
	noRetryAfter, failed := 0, 0
	for i, o := range outs {
		switch {
		case o.receipt():
			acked = append(acked, drafts[i])
			lat = append(lat, o.latency)
		case o.refused():
			refused = append(refused, drafts[i])
			refusedLat = append(refusedLat, o.latency)
			if o.retryAfter == "" {
				noRetryAfter++
			}
		default:
			failed++
			if failed <= 5 {
				t.Errorf("submit of draft %d: status %d %v", drafts[i].id, o.status, o.err)
			}
		}
	}
	t.Logf("open loop: %d sent (sender at most %v late); %d receipts, %d × 503 (%d without Retry-After), %d other",
		len(outs), lag.Round(time.Millisecond), len(acked), len(refused), noRetryAfter, failed)
	t.Logf("admitted latency: p50 %v, p99 %v, max %v; 503 latency: p50 %v, p99 %v, max %v",
		pct(lat, 50), pct(lat, 99), pct(lat, 100), pct(refusedLat, 50), pct(refusedLat, 99), pct(refusedLat, 100))
	if noRetryAfter > 0 || failed > 0 {
		t.Errorf("%d 503s without Retry-After, %d answers neither receipt nor 503", noRetryAfter, failed)
	}
	if p := pct(lat, 99); p >= time.Second {
		t.Errorf("admitted p99 %v ≥ 1 s", p)
	}
	return acked, refused
}

// retryAll retries every refused draft with its key (16 at a time).
func retryAll(t *testing.T, c *http.Client, base string, refused []draft) []draft {
	start := time.Now()
	work := make(chan draft)
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for d := range work {
				if o := retryUntilReceipt(c, base, d, 20, 500*time.Millisecond); !o.receipt() {
					t.Errorf("retry of refused draft %d with the same key: status %d %v", d.id, o.status, o.err)
				}
			}
		}()
	}
	for _, d := range refused {
		work <- d
	}
	close(work)
	wg.Wait()
	t.Logf("retried all %d refused submissions with their keys in %v", len(refused), time.Since(start).Round(time.Millisecond))
	return refused
}

func pct(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(ds))
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[max(i, 0)].Round(time.Millisecond)
}

// server is a running amtsweg binary.
type server struct {
	cmd  *exec.Cmd
	base string
}

// startBinary runs "amtsweg serve" on w on a free port and waits until
// /readyz answers.
func (w *world) startBinary(t *testing.T, bin string) *server {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	args := []string{"serve", "--data", w.dataDir, "--addr", addr, "--log-level", "warn"}
	if w.dialect == store.Postgres {
		args = append(args, "--database", w.dsn)
	}
	args = append(args, strings.Fields(os.Getenv("AMTSWEG_OVERLOAD_SERVE_ARGS"))...)
	s := &server{cmd: exec.Command(bin, args...), base: "http://" + addr}
	s.cmd.Stdout, s.cmd.Stderr = os.Stderr, os.Stderr
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.cmd.Process.Kill() })
	for range 200 {
		if resp, err := http.Get(s.base + "/readyz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server at %s not ready after 10 s", addr)
	return nil
}

// drainJobs waits (at most 5 minutes) until no job of the server is due
// or running (periodic jobs scheduled later do not count).
func (w *world) drainJobs(t *testing.T) {
	db := w.open(t)
	defer db.Close()
	start := time.Now()
	for time.Since(start) < 5*time.Minute {
		n := count(t, db, `SELECT COUNT(*) FROM job WHERE state = 'running' OR (state = 'available' AND run_at <= $1)`, time.Now().UTC())
		if n == 0 {
			t.Logf("job queue drained in %v", time.Since(start).Round(time.Second))
			return
		}
		time.Sleep(time.Second)
	}
	t.Logf("jobs still due after 5 minutes; going on")
}

// stop ends the server with SIGTERM (graceful) and waits.
func (s *server) stop(t *testing.T) {
	s.cmd.Process.Signal(syscall.SIGTERM)
	if err := s.cmd.Wait(); err != nil {
		t.Errorf("server exit: %v", err)
	}
}

func envFloat(name string, def float64) float64 {
	if v, err := strconv.ParseFloat(os.Getenv(name), 64); err == nil && v > 0 {
		return v
	}
	return def
}

func loadAvg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	return strings.Join(strings.Fields(string(b))[:3], " ")
}
