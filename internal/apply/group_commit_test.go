package apply_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestGroupCommit submits many applications at once, so they share group
// commits, with refusals mixed in: pairs of different applications with the
// same idempotency key (one must win, the other get fault.Conflict) and
// submissions by a stranger (not found). Every accepted submission must
// have its receipt, the refusals must change nothing, the audit chain must
// verify and the event feed must hold one event per submission at
// consecutive positions in reference order.
func TestGroupCommit(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		const n = 40
		owners := make([]apply.Owner, n)
		ids := make([]int64, n)
		for i := range n {
			owners[i] = apply.AccountOwner(int64(i+1), 0)
			ids[i] = e.start(t, &owners[i]).ID
			e.fill(t, ids[i], owners[i], pdfBytes(1000, fmt.Sprint(i)))
		}
		errs := make([]error, n+4)
		var wg sync.WaitGroup
		for i := range n + 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				switch {
				case i >= n: // a stranger tries someone else's draft
					_, errs[i] = e.svc.Submit(ctx, ids[i-n], apply.AccountOwner(999, 0), fmt.Sprint("stranger-", i))
				default: // applications 2k and 2k+1 share a key
					_, errs[i] = e.svc.Submit(ctx, ids[i], owners[i], fmt.Sprint("pair-", i/2))
				}
			}()
		}
		wg.Wait()
		accepted := 0
		for i := 0; i < n; i += 2 {
			a, b := errs[i], errs[i+1]
			switch {
			case a == nil && fault.Is(b, fault.Conflict), b == nil && fault.Is(a, fault.Conflict):
				accepted++
			default:
				t.Fatalf("pair %d: %v / %v, want one receipt and one conflict", i/2, a, b)
			}
		}
		for i := n; i < n+4; i++ {
			if !fault.Is(errs[i], fault.NotFound) {
				t.Fatalf("stranger's submit = %v, want not found", errs[i])
			}
		}
		if got := count(t, db, `SELECT COUNT(*) FROM application WHERE status = 'submitted'`); got != accepted {
			t.Fatalf("%d submitted, want %d", got, accepted)
		}
		if got := count(t, db, `SELECT COUNT(*) FROM job WHERE kind = 'application.submitted'`); got != accepted {
			t.Fatalf("%d follow-up jobs, want %d", got, accepted)
		}
		if _, problems, err := audit.Verify(ctx, db); err != nil || len(problems) > 0 {
			t.Fatalf("audit verify: %v %v", err, problems)
		}
		evs, err := events.Feed(ctx, db, events.Scope{TenantID: e.tenant.ID}, 0, events.MaxPage)
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) != accepted {
			t.Fatalf("%d events, want %d", len(evs), accepted)
		}
		for k, ev := range evs {
			want := fmt.Sprintf("SN-%d-%06d", time.Now().Year(), k+1)
			if ev.Seq != evs[0].Seq+int64(k) || ev.Reference != want {
				t.Fatalf("event %d: seq %d reference %s, want seq %d reference %s", k, ev.Seq, ev.Reference, evs[0].Seq+int64(k), want)
			}
		}
		if b, items := e.svc.Batches(); b >= items {
			t.Logf("no submissions shared a commit (%d batches for %d): the machine served them one by one", b, items)
		}
	})
}
