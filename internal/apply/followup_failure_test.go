package apply_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/casework/caseworktest"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestFailedReceiptDoesNotStrandSubmission (issue 11): while the receipt
// renderer panics — as package pdf did on "Straße 😀" (index out of range
// [128512]); the test injects the panic so it outlives that fix — a
// submission still becomes
// a case in the receiving office's inbox; the receipt job fails for good
// and is listed (to its tenant only) and counted; the receipt PDF request
// answers "being prepared" instead of dying; and after the renderer is
// fixed, a tenant admin's retry files the receipt in the case's Akte.
func TestFailedReceiptDoesNotStrandSubmission(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := caseworktest.New(t, db, caseworktest.Config{Jobs: jobs.Config{PollInterval: 5 * time.Millisecond,
			Backoff: func(int) time.Duration { return time.Millisecond }}})
		apps, err := apply.New(apply.Deps{DB: db, Blobs: w.Blobs, Jobs: w.Jobs, Finder: caseworktest.NoFinder{}, Log: w.Log,
			Events: w.Events})
		if err != nil {
			t.Fatal(err)
		}
		var broken atomic.Bool
		broken.Store(true)
		apply.SetReceiptRenderer(apps, func(next apply.RenderFunc) apply.RenderFunc {
			return func(lang string) ([]byte, error) {
				if broken.Load() { // what the renderer did on "Straße 😀"
					panic("runtime error: index out of range [128512] with length 65536")
				}
				return next(lang)
			}
		})
		apps.RegisterJobs(w.Jobs)
		w.Cases.Register(w.Jobs)
		w.Subscribe()
		tn, clearing := w.Tenant(t, tenant.Tenant{Slug: "sn", Name: "Sachsen"})
		other, _ := w.Tenant(t, tenant.Tenant{Slug: "by", Name: "Bayern"})
		staff := w.Staff(t, tn, "Sachbearbeiterin", account.StaffRole{AuthorityID: clearing, Role: account.RoleCaseWorker})
		caseworktest.ImportProcedure(t, db, caseworktest.Procedure{ID: "antrag", TitleDE: "Antrag", TitleEN: "Application"})
		owner := apply.AccountOwner(w.Citizen(t, tn, "Person"), 0)
		rc := submitNamed(t, apps, tn, owner, "Erika Mustermann") // the renderer fails on its own
		if err := w.Jobs.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { w.Jobs.Stop(context.Background()) })

		var c casework.Case
		waitFor(t, "the submission to become a case in the clearing office's inbox", func() bool {
			p, err := w.Cases.Inbox(ctx, staff, casework.Filter{Search: rc.Reference})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Cases) == 1 {
				c = p.Cases[0]
			}
			return len(p.Cases) == 1
		})
		var failed []jobs.Job
		waitFor(t, "the receipt job to fail for good", func() bool {
			if failed, err = w.Jobs.Failed(ctx, tn); err != nil {
				t.Fatal(err)
			}
			return len(failed) == 1
		})
		j := failed[0]
		if j.Kind != (apply.ReceiptPDFJob{}).Kind() || j.Subject != rc.Reference || j.TenantID != tn ||
			!strings.Contains(j.LastError, "panic") || strings.Contains(j.LastError, "Mustermann") {
			t.Fatalf("failed job %+v", j)
		}
		if docs := receipts(t, db, c.ID); docs != 0 {
			t.Fatalf("%d receipts filed by a broken renderer", docs)
		}
		if _, err := apps.ReceiptPDF(ctx, rc.ApplicationID, owner, "de"); !fault.Is(err, fault.Unavailable) {
			t.Fatalf("receipt PDF while the renderer is broken: %v, want fault.Unavailable", err)
		}
		if n, _ := w.Jobs.DiscardedByKind(ctx); n[j.Kind] != 1 || n[(apply.SubmittedJob{}).Kind()] != 0 {
			t.Fatalf("discarded by kind %v", n)
		}
		// The worker counts an outcome just after committing it: wait for
		// the count rather than read it the moment the state shows.
		for deadline := time.Now().Add(15 * time.Second); ; time.Sleep(10 * time.Millisecond) {
			f, d := w.Jobs.Failures()
			if f[j.Kind] >= 2 && d[j.Kind] == 1 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("failures %v, discarded %v", f, d)
			}
		}
		if mine, _ := w.Jobs.Failed(ctx, other); len(mine) != 0 {
			t.Fatalf("another tenant sees %+v", mine)
		}
		if _, err := w.Jobs.Retry(ctx, jobs.RetryRequest{TenantID: other, ID: j.ID, Actor: "test"}); !fault.Is(err, fault.NotFound) {
			t.Fatalf("retry by another tenant: %v", err)
		}

		broken.Store(false) // the renderer is fixed
		if _, err := w.Jobs.Retry(ctx, jobs.RetryRequest{TenantID: tn, ID: j.ID, Actor: "account:1"}); err != nil {
			t.Fatal(err)
		}
		waitFor(t, "the retried receipt to be filed in the case's Akte", func() bool { return receipts(t, db, c.ID) == 1 })
		if left, _ := w.Jobs.Failed(ctx, tn); len(left) != 0 {
			t.Fatalf("still failed after the retry: %+v", left)
		}
		var audited int
		db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'job.retry' AND tenant_id = $1`, tn).Scan(&audited)
		if audited != 1 {
			t.Fatalf("%d audit entries of the retry", audited)
		}
	})
}

// submitNamed starts, fills and submits an application of caseworktest's
// procedure "antrag" with name in its only field.
func submitNamed(t *testing.T, apps *apply.Service, tenantID tenant.ID, owner apply.Owner, name string) apply.Receipt {
	t.Helper()
	ctx := context.Background()
	a, _, err := apps.Start(ctx, apply.StartInput{TenantID: tenantID, ProcedureID: "antrag", Owner: owner})
	if err == nil {
		_, err = apps.SavePage(ctx, a.ID, owner, "p", map[string]any{"name": name})
	}
	var rc apply.Receipt
	if err == nil {
		rc, err = apps.Submit(ctx, a.ID, owner, "key")
	}
	if err != nil {
		t.Fatal(err)
	}
	return rc
}

// receipts counts the receipts filed in the case's Akte.
func receipts(t *testing.T, db *store.DB, caseID int64) int {
	t.Helper()
	docs, err := akte.Documents(context.Background(), db, caseID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, d := range docs {
		if d.Kind == akte.Receipt {
			n++
		}
	}
	return n
}

// waitFor polls cond until it holds, for at most 20 seconds: the queue
// works on its own goroutines and reports to no channel a test could await.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
	}
}
