package multiproc_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/apiclient"
	"github.com/amtsweg/amtsweg/internal/bintest"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Sizes of the kill test: enough traffic that the kill lands amid
// requests of every kind, small enough to stay well under two minutes.
const (
	killGuests    = 36
	killParallel  = 6
	killFileSize  = 200_000
	killAfterAcks = killGuests / 3
)

// TestTwoProcessKill is issue 16's "several processes" test: two serve
// processes on one PostgreSQL database and one blob store behind a
// round-robin balancer; guests apply and staff decide through both; one
// process is SIGKILLed in the middle. Then nothing acknowledged is lost,
// the guest's draft and the staff session begun on the dead process go on
// on the other, jobs, e-mails and webhook deliveries happened as often as
// they should, and a catalog change reached both processes.
func TestTwoProcessKill(t *testing.T) {
	needPostgres(t)
	t.Parallel()
	begin := time.Now()
	hooks := &webhookSink{ids: map[string]int{}}
	sink := httptest.NewServer(hooks)
	t.Cleanup(sink.Close)
	c := newCluster(t, bintest.Build(t), "--job-lease", "2s", "--webhook-allow", "127.0.0.1")
	ps := c.start(t, "a", "b") // together, on the empty database
	a, b := ps[0], ps[1]
	c.webhookClient(t, sink.URL+"/hook")
	c.balance(t)
	t.Logf("two processes ready after %v", time.Since(begin).Round(time.Millisecond))

	catalogChangeReachesBoth(t, c, a, b)
	// A draft and a staff session begun on b, which will die.
	onB := newGuest(b.base, 0, killFileSize)
	check(t, onB.start(), onB.housing())
	staffOnB := &staffer{agent: newAgent(b.base)}
	check(t, staffOnB.login("leitung@demo.amtsweg.example"))

	acks, retried := traffic(t, c, b)
	t.Logf("traffic done after %v: %d receipts, %d requests retried by guests and staff", time.Since(begin).Round(time.Millisecond), len(acks), retried)

	// The draft and the session of the dead process go on through the balancer.
	onB.base, staffOnB.base = c.base, c.base
	last, err := onB.continueAfterKill()
	if err != nil {
		t.Fatalf("the draft begun on the killed process: %v", err)
	}
	acks = append(acks, last)
	if err := staffOnB.inbox(); err != nil {
		t.Fatalf("the staff session begun on the killed process: %v", err)
	}
	if err := staffOnB.decide(last.ref); err != nil {
		t.Fatal(err)
	}
	c.drain(t)
	c.checkAcknowledged(t, acks, true)
	c.checkJobs(t, len(acks))
	c.checkMails(t)
	c.checkWebhooks(t, hooks)
	if a.cmd.ProcessState != nil {
		t.Fatalf("process a ended: %v", a.cmd.ProcessState)
	}
	t.Logf("kill test done in %v", time.Since(begin).Round(time.Millisecond))
}

// continueAfterKill finishes a guest's application whose first page was
// saved on the killed process.
func (g *guest) continueAfterKill() (ack, error) {
	for _, step := range []func() error{g.person, g.closing, g.submit, g.receipt} {
		if err := step(); err != nil {
			return ack{}, err
		}
	}
	return ack{id: g.id, ref: g.ref, sha256: sha256Hex(g.file)}, nil
}

// traffic runs the guests (killParallel at a time) and two staff members
// deciding each acknowledged case, all through the balancer, and kills
// victim once killAfterAcks receipts came back. It returns the receipts
// and how many requests were retried.
func traffic(t *testing.T, c *cluster, victim *proc) ([]ack, int) {
	var (
		mu      sync.Mutex
		acks    []ack
		retried atomic.Int64
		killed  = make(chan struct{})
		refs    = make(chan string, killGuests)
		once    sync.Once
	)
	work := make(chan int)
	var guests sync.WaitGroup
	for range killParallel {
		guests.Add(1)
		go func() {
			defer guests.Done()
			for n := range work {
				g := newGuest(c.base, n, killFileSize)
				a, err := g.apply()
				retried.Add(int64(g.retried))
				if err != nil {
					t.Error(err)
					continue
				}
				refs <- a.ref
				mu.Lock()
				acks = append(acks, a)
				if len(acks) == killAfterAcks {
					once.Do(func() {
						victim.kill(t)
						close(killed)
						t.Logf("SIGKILLed %s after %d receipts", victim.name, len(acks))
					})
				}
				mu.Unlock()
			}
		}()
	}
	staffDone := staffWork(t, c, refs, &retried)
	for n := 1; n <= killGuests; n++ {
		work <- n
	}
	close(work)
	guests.Wait()
	close(refs)
	<-staffDone
	select {
	case <-killed:
	default:
		t.Fatal("the kill never happened")
	}
	for _, be := range c.lb.backends {
		if be.hits.Load() == 0 {
			t.Errorf("backend %s got no request", be.url)
		}
	}
	return acks, int(retried.Load())
}

// staffWork starts the demo case worker and head of unit, who decide the
// cases in refs as they come; the channel returned closes when both are
// done.
func staffWork(t *testing.T, c *cluster, refs <-chan string, retried *atomic.Int64) <-chan struct{} {
	done := make(chan struct{})
	var wg sync.WaitGroup
	for _, email := range []string{"sachbearbeitung@demo.amtsweg.example", "leitung@demo.amtsweg.example"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := &staffer{agent: newAgent(c.base)}
			defer func() { retried.Add(int64(s.retried)) }()
			if err := s.login(email); err != nil {
				t.Error(err)
				return
			}
			for ref := range refs {
				if err := s.inbox(); err != nil {
					t.Error(err)
				}
				if err := s.decide(ref); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()
	return done
}

// webhookSink is the specialised system's webhook endpoint: it counts
// the deliveries per event id.
type webhookSink struct {
	mu  sync.Mutex
	ids map[string]int
}

func (s *webhookSink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.ids[r.Header.Get("Amtsweg-Event-Id")]++
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

// webhookClient registers a specialised system with a webhook on the
// loopback sink (which the command line's SSRF check refuses; the
// processes allow 127.0.0.1 by --webhook-allow).
func (c *cluster) webhookClient(t *testing.T, url string) {
	db := c.open(t)
	ten, err := tenant.BySlug(t.Context(), db, "sn")
	if err != nil {
		t.Fatal(err)
	}
	_, err = apiclient.Create(t.Context(), db, "test", apiclient.New{TenantID: ten.ID, Name: "Mehrprozess-Test",
		Scopes: []apiclient.Scope{apiclient.SubmissionsRead}, WebhookURL: url, WebhookAllow: []string{"127.0.0.1"},
		Secrets: blobtest.Keys(t, db)}) // sealed with the processes' master key, so they can sign
	if err != nil {
		t.Fatal(err)
	}
}

func check(t *testing.T, errs ...error) {
	t.Helper()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// catalogChangeReachesBoth imports a content pack through a third
// process (the command line) and waits until both servers' service page
// shows its text; each server notices the change by itself (live
// catalog's fingerprint check), without a restart.
func catalogChangeReachesBoth(t *testing.T, c *cluster, procs ...*proc) {
	db := c.open(t)
	var key string
	err := db.QueryRowContext(t.Context(), `SELECT service_key FROM service WHERE placeholder = FALSE AND texts = '{}'
		AND translations = '{}' AND length(service_key) = 14 ORDER BY service_key LIMIT 1`).Scan(&key)
	if err != nil {
		t.Fatal(err)
	}
	marker := "Mehrprozess-Marke " + randomHex(4)
	pack := writeFile(t, "pack.jsonl", fmt.Sprintf(`{"key": %q, "rank": 1, "source": "test", "de": {"summary": %q}}`+"\n", key, marker))
	c.cli(t, "import", "content", pack)
	start := time.Now()
	for _, p := range procs {
		ag := newAgent(p.base)
		for {
			r, err := ag.get("/leistungen/" + key)
			if err == nil && r.status == 200 && strings.Contains(r.body, marker) {
				break
			}
			if time.Since(start) > 30*time.Second {
				t.Fatalf("%s: the catalog change did not show within 30 s (status %d, %v)", p.name, r.status, err)
			}
			time.Sleep(50 * time.Millisecond) // the servers check every few seconds; poll with a deadline
		}
	}
	t.Logf("catalog change seen by both processes after %v", time.Since(start).Round(time.Millisecond))
}
