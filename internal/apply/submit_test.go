package apply_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func TestSubmit(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		owner := apply.GuestOwner(e.tenant.ID, "")
		a := e.start(t, &owner)
		year := time.Now().Year()

		e.svc.SavePage(ctx, a.ID, owner, "person", map[string]any{"name": "Jörg", "gemeinde": placeARS})
		_, err := e.svc.Submit(ctx, a.ID, owner, "k1")
		var fe *fault.Error
		if !errors.As(err, &fe) || fe.Code != fault.Invalid || len(fe.Fields) == 0 {
			t.Fatalf("incomplete submit = %v", err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM application WHERE status = 'submitted'`); n != 0 {
			t.Fatal("an invalid submit changed the status")
		}

		e.fill(t, a.ID, owner, pdfBytes(100_000, "proof"))
		rc, err := e.svc.Submit(ctx, a.ID, owner, "k1")
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("SN-%d-000001", year); rc.Reference != want {
			t.Fatalf("reference %s, want %s", rc.Reference, want)
		}
		if rc.Authority == nil || rc.Authority.Name != "Landratsamt Meißen" || rc.Clearing {
			t.Fatalf("routing: %+v", rc)
		}
		if len(rc.Attachments) != 1 || rc.Attachments[0].Size != 100_000 || len(rc.Attachments[0].SHA256) != 64 {
			t.Fatalf("attachments %+v", rc.Attachments)
		}
		want := fmt.Sprintf("%d 99108001001000 %s citizens", e.tenant.ID, placeARS)
		if got := e.finder.calls[len(e.finder.calls)-1]; got != want {
			t.Fatalf("finder asked %q, want %q", got, want)
		}

		tests := []struct {
			name string
			key  string
		}{{"same key", "k1"}, {"other key after success", "k2"}}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				again, err := e.svc.Submit(ctx, a.ID, owner, tt.key)
				if err != nil || again.Reference != rc.Reference || again.PayloadHash != rc.PayloadHash {
					t.Fatalf("resubmit = %+v, %v", again, err)
				}
			})
		}
		if _, err := e.svc.SavePage(ctx, a.ID, owner, "person", map[string]any{"name": "X"}); !fault.Is(err, fault.Conflict) {
			t.Fatalf("save after submit: %v", err)
		}
		if _, err := e.svc.Upload(ctx, a.ID, owner, "nachweis", "n.pdf", "", bytes.NewReader(pdfBytes(10, "x"))); !fault.Is(err, fault.Conflict) {
			t.Fatalf("upload after submit: %v", err)
		}
		if err := e.svc.RemoveUpload(ctx, a.ID, owner, rc.Attachments[0].ID); !fault.Is(err, fault.Conflict) {
			t.Fatalf("remove after submit: %v", err)
		}

		other := apply.AccountOwner(5, 0)
		b := e.start(t, &other)
		e.fill(t, b.ID, other, pdfBytes(1000, "other"))
		if _, err := e.svc.Submit(ctx, b.ID, other, "k1"); !fault.Is(err, fault.Conflict) {
			t.Fatalf("key of another submission: %v", err)
		}
		rb, err := e.svc.Submit(ctx, b.ID, other, "k3")
		if err != nil || rb.Reference != fmt.Sprintf("SN-%d-000002", year) {
			t.Fatalf("second application: %+v %v", rb, err)
		}
		for action, n := range map[string]int{"application.submit": 2} {
			if got := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = $1`, action); got != n {
				t.Fatalf("%d %s entries, want %d", got, action, n)
			}
		}
		for kind, n := range map[string]int{"application.submitted": 2, "application.receipt_pdf": 0} {
			if got := count(t, db, `SELECT COUNT(*) FROM job WHERE kind = $1`, kind); got != n {
				t.Fatalf("%d %s jobs, want %d", got, kind, n)
			}
		}
	})
}

func TestSubmitDropsHiddenFilesAndClears(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		owner := apply.AccountOwner(1, 7)
		a := e.start(t, &owner)
		e.fill(t, a.ID, owner, pdfBytes(500, "hidden"))
		e.svc.SavePage(ctx, a.ID, owner, "nachweise", map[string]any{"mit_nachweis": false})
		e.svc.SavePage(ctx, a.ID, owner, "person", map[string]any{"name": "Firma", "gemeinde": "146270000000"})
		rc, err := e.svc.Submit(ctx, a.ID, owner, "k")
		if err != nil {
			t.Fatal(err)
		}
		if len(rc.Attachments) != 0 || count(t, db, `SELECT COUNT(*) FROM application_attachment`) != 0 {
			t.Fatalf("file of a hidden field kept: %+v", rc.Attachments)
		}
		if blobCount(t, e.dir) != 0 {
			t.Fatal("blob of a dropped file kept")
		}
		if !rc.Clearing || rc.Authority != nil {
			t.Fatalf("unroutable application not in clearing: %+v", rc)
		}
		got, _ := e.svc.Get(ctx, a.ID, owner)
		if !got.Clearing || got.AuthorityID != 0 || got.Status != apply.Submitted {
			t.Fatalf("stored %+v", got)
		}
		if _, ok := got.Answers["mit_nachweis"]; !ok {
			t.Fatal("normalized answers missing")
		}
		if last := e.finder.calls[len(e.finder.calls)-1]; last[len(last)-10:] != "businesses" {
			t.Fatalf("organisation applies as business: %s", last)
		}
	})
}

// TestSubmitConcurrent: parallel submissions get distinct, gapless
// reference numbers; parallel retries of one application get one receipt.
func TestSubmitConcurrent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		const n = 16
		owners := make([]apply.Owner, n)
		ids := make([]int64, n)
		for i := range n {
			owners[i] = apply.AccountOwner(int64(i+1), 0)
			ids[i] = e.start(t, &owners[i]).ID
			e.fill(t, ids[i], owners[i], pdfBytes(2000, fmt.Sprint(i)))
		}
		refs := make([]string, 2*n)
		var wg sync.WaitGroup
		errs := make(chan error, 2*n)
		for i := range 2 * n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				rc, err := e.svc.Submit(ctx, ids[i%n], owners[i%n], fmt.Sprintf("key-%d-%d", i%n, i/n))
				refs[i] = rc.Reference
				errs <- err
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		var distinct []string
		for i := range n {
			if refs[i] != refs[i+n] {
				t.Fatalf("application %d got two receipts: %s, %s", i, refs[i], refs[i+n])
			}
			distinct = append(distinct, refs[i])
		}
		sort.Strings(distinct)
		for i, r := range distinct {
			if want := fmt.Sprintf("SN-%d-%06d", time.Now().Year(), i+1); r != want {
				t.Fatalf("reference %d = %s, want %s (gapless)", i, r, want)
			}
		}
	})
}
