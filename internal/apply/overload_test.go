package apply_test

import (
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestSubmitOverloadOverHTTP is the small version of the overload run
// (overload_run_test.go) in the normal suite, without timing: the real app
// on a real port admits 2 submissions at once and lets one more wait 1 ms;
// 40 guests submit at the same instant. Each answer is a receipt or a 503
// with Retry-After; every acknowledged submission is stored with its file
// intact; every refused one succeeds when retried with the same key, and
// a repeated acknowledged one gets its receipt again, not a second
// submission.
func TestSubmitOverloadOverHTTP(t *testing.T) {
	t.Parallel()
	const n = 40
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := newWorld(t, d)
			drafts := w.prepare(t, n, 4)
			base := w.serveInProcess(t, 2, time.Millisecond)
			c := newClient(n)
			outs := burst(c, base, drafts)
			var acked, refused []draft
			for i, o := range outs {
				switch {
				case o.receipt():
					acked = append(acked, drafts[i])
				case o.refused() && o.retryAfter != "":
					refused = append(refused, drafts[i])
				default:
					t.Fatalf("draft %d: neither a receipt nor a 503 with Retry-After: status %d, Retry-After %q, %v",
						drafts[i].id, o.status, o.retryAfter, o.err)
				}
			}
			t.Logf("%d acknowledged, %d refused with 503", len(acked), len(refused))
			if len(refused) == 0 || len(acked) == 0 {
				t.Fatalf("%d submits at once against 2 slots gave %d receipts and %d refusals; the admission did not act", n, len(acked), len(refused))
			}
			for _, d := range refused {
				if o := retryUntilReceipt(c, base, d, 50, 100*time.Millisecond); !o.receipt() {
					t.Fatalf("retry of refused draft %d with the same key: status %d %v", d.id, o.status, o.err)
				}
			}
			if o := retryUntilReceipt(c, base, acked[0], 50, 100*time.Millisecond); !o.receipt() {
				t.Fatalf("repeating an acknowledged submit: status %d %v", o.status, o.err)
			}
			w.checkSubmitted(t, append(acked, refused...), n)
		})
	}
}

// burst sends one submit per draft, all released at the same instant.
func burst(c *http.Client, base string, drafts []draft) []outcome {
	outs := make([]outcome, len(drafts))
	var ready, done sync.WaitGroup
	gate := make(chan struct{})
	for i, d := range drafts {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-gate
			outs[i] = submit(c, base, d, time.Now())
		}()
	}
	ready.Wait()
	close(gate)
	done.Wait()
	return outs
}

// serveInProcess runs the real app on w with the given submit admission,
// on a free port, until the test ends; it returns the base URL.
func (w *world) serveInProcess(t *testing.T, slots int, wait time.Duration) string {
	t.Helper()
	cfg := config.Config{DataDir: w.dataDir, Addr: "127.0.0.1:0", MaxInflight: 256, MaxBody: 1 << 20,
		// The grace period covers the follow-up jobs of 40 submissions
		// still running at the end (receipt PDFs, routing) while the
		// package's other tests share the cores; 5 s was exceeded once in
		// CI. A hang still fails the test.
		MaxSubmitInflight: slots, SubmitQueueWait: wait, ShutdownIn: 30 * time.Second, Jobs: true,
		BlobOrphanAge: 24 * time.Hour, LogFormat: "text", LogLevel: "warn"}
	if w.dialect == store.Postgres {
		cfg.DatabaseURL = w.dsn
	}
	return browsertest.Start(t, browsertest.WithConfig(func(c *config.Config) { *c = cfg }))
}
