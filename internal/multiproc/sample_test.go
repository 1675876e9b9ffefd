package multiproc_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
)

// The load run's diagnosis: every few seconds it logs what the serve
// processes, the test process itself (balancer and all clients) and the
// processes' PostgreSQL sessions are doing, so a collapse shows where the
// time goes (docs/benchmarks.md, deadline day).

// tagSessions names the cluster's PostgreSQL sessions (application_name),
// so pg_stat_activity can be sampled for them alone on a shared server.
func (c *cluster) tagSessions(t *testing.T, name string) {
	u, err := url.Parse(c.dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("application_name", name)
	u.RawQuery = q.Encode()
	c.dsn = u.String()
}

// sessionStates counts the tagged sessions by state and wait event
// ("active/Lock:transactionid" is a session waiting for another's row
// lock, "idle in transaction" one whose process holds a transaction open
// while it does something else).
const sessionStates = `SELECT COALESCE(state, '?') || COALESCE('/' || wait_event_type || ':' || wait_event, ''), COUNT(*)
	FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid() GROUP BY 1`

// lockWaits counts the tagged sessions' ungranted locks by the relation
// or the kind of lock they wait for.
const lockWaits = `SELECT COALESCE(l.relation::regclass::text, l.locktype), COUNT(*) FROM pg_locks l
	JOIN pg_stat_activity a ON a.pid = l.pid WHERE a.application_name = $1 AND NOT l.granted GROUP BY 1`

// sampler logs one line every interval until stop is closed.
type sampler struct {
	t        *testing.T
	c        *cluster
	db       *store.DB
	app      string
	every    time.Duration
	stop     chan struct{}
	done     chan struct{}
	waits    map[string]int // sessions seen per state, summed over the samples
	samples  int
	maxRoom  int
	maxStuck int // most sessions waiting for a lock at once
}

func startSampler(t *testing.T, c *cluster, db *store.DB, app string, every time.Duration) *sampler {
	s := &sampler{t: t, c: c, db: db, app: app, every: every, stop: make(chan struct{}), done: make(chan struct{}), waits: map[string]int{}}
	go s.run()
	return s
}

func (s *sampler) run() {
	defer close(s.done)
	tick := time.NewTicker(s.every)
	defer tick.Stop()
	begin, serve0, self0 := time.Now(), s.c.cpu(s.t), selfCPU()
	last := begin
	for {
		select {
		case <-s.stop:
			return
		case <-tick.C:
		}
		now, serve, self := time.Now(), s.c.cpu(s.t), selfCPU()
		span := now.Sub(last).Seconds()
		states, locks := s.query(sessionStates), s.query(lockWaits)
		room, inflight := s.metric("amtsweg_submit_waiting"), s.metric("amtsweg_http_inflight_requests")
		s.samples++
		s.maxRoom = max(s.maxRoom, room)
		stuck := 0
		for k, n := range states {
			s.waits[k] += n
			if strings.Contains(k, "/Lock:") {
				stuck += n
			}
		}
		s.maxStuck = max(s.maxStuck, stuck)
		s.t.Logf("t=%3.0fs  serve CPU %3.0f%%  test process CPU %3.0f%%  load %s  in flight %d  waiting room %d  sessions %s  lock waits %s",
			now.Sub(begin).Seconds(), 100*(serve-serve0).Seconds()/span, 100*(self-self0).Seconds()/span, loadAvg(),
			inflight, room, tally(states), tally(locks))
		last, serve0, self0 = now, serve, self
	}
}

// end stops sampling and logs the summary: the average number of the
// processes' sessions in each state.
func (s *sampler) end() {
	close(s.stop)
	<-s.done
	avg := map[string]int{}
	for k, n := range s.waits {
		avg[k] = (n + s.samples/2) / max(s.samples, 1)
	}
	s.t.Logf("PostgreSQL sessions of the processes, average over %d samples: %s; at most %d waiting for a lock at once; waiting room at most %d",
		s.samples, tally(avg), s.maxStuck, s.maxRoom)
}

func (s *sampler) query(q string) map[string]int {
	out := map[string]int{}
	rows, err := s.db.QueryContext(context.Background(), q, s.app)
	if err != nil {
		out["error: "+err.Error()] = 1
		return out
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if rows.Scan(&k, &n) == nil {
			out[k] = n
		}
	}
	return out
}

// metric sums a gauge over the processes' /metrics.
func (s *sampler) metric(name string) int {
	sum := 0
	for _, p := range s.c.procs {
		res, err := http.Get(p.base + "/metrics")
		if err != nil {
			continue
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		for _, line := range strings.Split(string(raw), "\n") {
			if f := strings.Fields(line); len(f) == 2 && f[0] == name {
				v, _ := strconv.ParseFloat(f[1], 64)
				sum += int(v)
			}
		}
	}
	return sum
}

func tally(m map[string]int) string {
	if len(m) == 0 {
		return "-"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s=%d", k, m[k])
	}
	return b.String()
}

// selfCPU is this test process's CPU time (balancer, clients, S3 server
// excluded: versitygw is its own process).
func selfCPU() time.Duration {
	raw, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(raw[strings.LastIndexByte(string(raw), ')')+2:]))
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(u+k) * 10 * time.Millisecond
}
