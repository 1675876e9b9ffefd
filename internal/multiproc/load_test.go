package multiproc_test

// The national deadline day, scaled down (docs/scale.md has the model,
// docs/benchmarks.md the figures): guests arrive open-loop at a fixed rate,
// each one a whole journey through the balancer in front of the cluster
// (start, the page with the upload, two more pages, review, submit, receipt
// page and PDF); a share of them upload a big file. Gated, because it
// measures this machine and takes minutes:
//
//	AMTSWEG_LOAD=1 AMTSWEG_TEST_POSTGRES_URL=… go test -count=1 -run TestDeadlineDayLoad -v -timeout 30m ./internal/multiproc/
//
// AMTSWEG_LOAD_RATE journeys per second (default 8), AMTSWEG_LOAD_SECONDS
// (60), AMTSWEG_LOAD_BIG_SHARE (0.2) of AMTSWEG_LOAD_BIG_BYTES (5000000),
// the others AMTSWEG_LOAD_SMALL_BYTES (100000), AMTSWEG_LOAD_PROCESSES (2),
// extra serve flags in AMTSWEG_LOAD_SERVE_ARGS.

import (
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/bintest"
)

// schemaSize is the bytes of the test's own tables with their indexes and
// TOAST (the test database is shared with other tests, each in its schema).
const schemaSize = `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c
	JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'm')`

// loadOutcome is one journey's result.
type loadOutcome struct {
	ack                    ack
	big                    bool
	err                    error
	journey, upload, submt time.Duration
	retried                int
	room                   roomVisit
}

func TestDeadlineDayLoad(t *testing.T) {
	if os.Getenv("AMTSWEG_LOAD") == "" {
		t.Skip("set AMTSWEG_LOAD=1 to run the deadline-day load")
	}
	needPostgres(t)
	rate, seconds := envFloat("AMTSWEG_LOAD_RATE", 8), envFloat("AMTSWEG_LOAD_SECONDS", 60)
	bigShare, bigBytes := envFloat("AMTSWEG_LOAD_BIG_SHARE", 0.2), int(envFloat("AMTSWEG_LOAD_BIG_BYTES", 5e6))
	smallBytes, procs := int(envFloat("AMTSWEG_LOAD_SMALL_BYTES", 1e5)), int(envFloat("AMTSWEG_LOAD_PROCESSES", 2))
	c := newCluster(t, bintest.Build(t), strings.Fields(os.Getenv("AMTSWEG_LOAD_SERVE_ARGS"))...)
	app := "amtsweg-load-" + randomHex(4)
	c.tagSessions(t, app)
	var names []string
	for i := range procs {
		names = append(names, string(rune('a'+i)))
	}
	c.start(t, names...)
	c.balance(t)
	db := c.open(t)
	sizeBefore := count(t, db, schemaSize)
	total := int(rate * seconds)
	t.Logf("%d processes; open loop at %.1f journeys/s for %.0f s = %d journeys, %.0f %% with %d bytes, the others %d bytes; load average %s",
		procs, rate, seconds, total, 100*bigShare, bigBytes, smallBytes, loadAvg())
	cpuBefore := c.cpu(t)
	smp := startSampler(t, c, db, app, 5*time.Second)
	outs, lag, took := loadOpenLoop(c.base, total, rate, bigShare, bigBytes, smallBytes)
	smp.end()
	t.Logf("arrivals sent and every journey ended after %v (sender at most %v late); load average %s", took.Round(time.Millisecond), lag.Round(time.Millisecond), loadAvg())
	acks := loadReport(t, outs, took)
	start := time.Now()
	c.drain(t)
	t.Logf("background work (receipt PDFs, routing, mails) caught up %v after the last answer", time.Since(start).Round(time.Millisecond))
	cpu := c.cpu(t) - cpuBefore
	t.Logf("serve processes' CPU: %.1f s in all, %.1f ms per acknowledged journey (its follow-up jobs included)",
		cpu.Seconds(), float64(cpu.Milliseconds())/float64(max(len(acks), 1)))
	c.checkAcknowledged(t, acks, false)
	sizeAfter := count(t, db, schemaSize)
	t.Logf("tables and indexes grew %.1f MB for %d submissions (%.1f kB each, with jobs, events, audit); blobs %.1f MB",
		float64(sizeAfter-sizeBefore)/1e6, len(acks), float64(sizeAfter-sizeBefore)/1e3/float64(max(len(acks), 1)), float64(dirSize(t, c.blobDir))/1e6)
	for _, be := range c.lb.backends {
		t.Logf("backend %s: %d requests", be.url.Host, be.hits.Load())
	}
}

// cpu is the CPU time (user and system) the cluster's running serve
// processes used so far, from /proc/PID/stat (Linux; clock ticks of 10 ms).
func (c *cluster) cpu(t *testing.T) time.Duration {
	var sum time.Duration
	for _, p := range c.procs {
		raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", p.cmd.Process.Pid))
		if err != nil {
			t.Logf("no CPU figures: %v", err)
			return 0
		}
		f := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+2:]))
		utime, _ := strconv.ParseInt(f[11], 10, 64)
		stime, _ := strconv.ParseInt(f[12], 10, 64)
		sum += time.Duration(utime+stime) * 10 * time.Millisecond
	}
	return sum
}

// loadOpenLoop starts journey i at start + i/rate whatever happened to
// the others, so slow answers cannot slow the arrivals down.
func loadOpenLoop(base string, total int, rate, bigShare float64, bigBytes, smallBytes int) ([]loadOutcome, time.Duration, time.Duration) {
	outs := make([]loadOutcome, total)
	var wg sync.WaitGroup
	var lag time.Duration
	start := time.Now().Add(100 * time.Millisecond)
	bigEvery := 0
	if bigShare > 0 {
		bigEvery = int(math.Round(1 / bigShare))
	}
	for i := range total {
		at := start.Add(time.Duration(float64(i) / rate * float64(time.Second)))
		time.Sleep(time.Until(at))
		lag = max(lag, time.Since(at))
		big := bigEvery > 0 && i%bigEvery == 0
		wg.Add(1)
		go func() {
			defer wg.Done()
			size := smallBytes
			if big {
				size = bigBytes
			}
			g := newGuest(base, i+1, size)
			a, err := g.apply()
			outs[i] = loadOutcome{ack: a, big: big, err: err, journey: time.Since(at), upload: g.uploadTook, submt: g.submitTook, retried: g.retried, room: g.room}
		}()
	}
	wg.Wait()
	return outs, lag, time.Since(start)
}

// loadReport logs goodput, latencies and errors by kind and returns the
// acknowledged submissions.
func loadReport(t *testing.T, outs []loadOutcome, took time.Duration) []ack {
	var acks []ack
	var journey, small, big, submit []time.Duration
	kinds := map[string]int{}
	retried := 0
	for _, o := range outs {
		retried += o.retried
		if o.err != nil {
			kinds[errorKind(o.err)]++
			continue
		}
		acks = append(acks, o.ack)
		journey, submit = append(journey, o.journey), append(submit, o.submt)
		if o.big {
			big = append(big, o.upload)
		} else {
			small = append(small, o.upload)
		}
	}
	t.Logf("goodput %.2f receipts/s (%d of %d journeys acknowledged in %v); %d requests retried (overload 503 or lost answers)",
		float64(len(acks))/took.Seconds(), len(acks), len(outs), took.Round(time.Millisecond), retried)
	t.Logf("submit  p50 %v p99 %v max %v", pct(submit, 50), pct(submit, 99), pct(submit, 100))
	t.Logf("upload small p50 %v p99 %v; big p50 %v p99 %v max %v", pct(small, 50), pct(small, 99), pct(big, 50), pct(big, 99), pct(big, 100))
	t.Logf("journey p50 %v p99 %v max %v", pct(journey, 50), pct(journey, 99), pct(journey, 100))
	roomReport(t, outs)
	names := make([]string, 0, len(kinds))
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		t.Errorf("errors: %d × %s", kinds[k], k)
	}
	return acks
}

// errorKind names an error for the report: the step and status, or the
// retries given up.
func errorKind(err error) string {
	var se *stepError
	var le *lostError
	switch {
	case errors.As(err, &se):
		return se.kind
	case errors.As(err, &le):
		return fmt.Sprintf("gave up after retries: status %d", le.status)
	}
	return "other: " + err.Error()
}

func pct(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(ds))
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[max(i, 0)].Round(time.Millisecond)
}

func envFloat(name string, def float64) float64 {
	if v, err := strconv.ParseFloat(os.Getenv(name), 64); err == nil && v > 0 {
		return v
	}
	return def
}

func loadAvg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// roomReport logs the waiting room apart: how many guests were sent
// there, their time in it, the position they were shown, their reloads.
func roomReport(t *testing.T, outs []loadOutcome) {
	var took []time.Duration
	var ahead []int
	reloads := 0
	for _, o := range outs {
		if o.room.took == 0 && o.room.reloads == 0 {
			continue
		}
		took, ahead, reloads = append(took, o.room.took), append(ahead, o.room.ahead), reloads+o.room.reloads
	}
	if len(took) == 0 {
		t.Logf("waiting room: nobody was sent there")
		return
	}
	slices.Sort(ahead)
	t.Logf("waiting room: %d of %d guests; time in it p50 %v p99 %v max %v; people ahead shown p50 %d max %d; %d reloads",
		len(took), len(outs), pct(took, 50), pct(took, 99), pct(took, 100), ahead[len(ahead)/2], ahead[len(ahead)-1], reloads)
}
