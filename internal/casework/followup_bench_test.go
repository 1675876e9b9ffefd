package casework_test

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework/caseworktest"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// BenchmarkFollowUp measures the follow-up work (Nachbearbeitung) of b.N
// submissions by citizens with an account: b.N applications are submitted
// with the queue stopped (not timed), then the queue is started with its
// default configuration and the clock runs until every application is a
// case with its receipt PDF filed in the e-Akte and no job is due any
// more (routing, receipt PDF, filing, the "received" e-mail written as
// .eml). It reports follow-ups/s end to end, completed jobs/s per kind
// over the same time, the failed attempts (retries) per submission and the
// process CPU time per follow-up.
func BenchmarkFollowUp(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(d.String(), func(b *testing.B) { benchFollowUp(b, storetest.Open(b, d)) })
	}
}

func benchFollowUp(b *testing.B, db *store.DB) {
	ctx := context.Background()
	w := caseworktest.New(b, db, caseworktest.Config{Mail: &mail.Config{From: "Portal <noreply@portal.example>", Dir: b.TempDir()}})
	apps, err := apply.New(apply.Deps{DB: db, Blobs: w.Blobs, Jobs: w.Jobs, Finder: caseworktest.NoFinder{}, Log: w.Log,
		Events: w.Events})
	if err != nil {
		b.Fatal(err)
	}
	apps.RegisterJobs(w.Jobs)
	w.Cases.Register(w.Jobs)
	w.Subscribe()
	tn, _ := w.Tenant(b, tenant.Tenant{Slug: "sn", Name: "Sachsen"})
	caseworktest.ImportProcedure(b, db, caseworktest.Procedure{ID: "antrag", TitleDE: "Antrag", TitleEN: "Application"})
	for i := range b.N {
		owner := apply.AccountOwner(w.Citizen(b, tn, fmt.Sprint("Person ", i)), 0)
		a, _, err := apps.Start(ctx, apply.StartInput{TenantID: tn, ProcedureID: "antrag", Owner: owner})
		if err == nil {
			_, err = apps.SavePage(ctx, a.ID, owner, "p", map[string]any{"name": fmt.Sprint("Person ", i)})
		}
		if err == nil {
			_, err = apps.Submit(ctx, a.ID, owner, fmt.Sprint("k", i))
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	cpu0 := cpuTime()
	b.ResetTimer()
	if err := w.Jobs.Start(ctx); err != nil {
		b.Fatal(err)
	}
	for !followedUp(b, db, b.N) {
		time.Sleep(5 * time.Millisecond)
	}
	b.StopTimer()
	if err := w.Jobs.Stop(ctx); err != nil {
		b.Fatal(err)
	}
	secs := b.Elapsed().Seconds()
	b.ReportMetric(float64(b.N)/secs, "followups/s")
	b.ReportMetric((cpuTime()-cpu0)/float64(b.N), "cpu-µs/followup")
	rows, err := db.QueryContext(ctx, `SELECT kind, COUNT(*), SUM(attempt) FROM job WHERE state = 'completed' GROUP BY kind`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	retries := 0
	for rows.Next() {
		var kind string
		var n, attempts int
		if err := rows.Scan(&kind, &n, &attempts); err != nil {
			b.Fatal(err)
		}
		retries += attempts - n
		b.ReportMetric(float64(n)/secs, kind+"/s")
	}
	b.ReportMetric(float64(retries)/float64(b.N), "retries/submit")
}

// cpuTime is this process's user+system CPU time in µs (PostgreSQL's
// own processes are not included), stable where wall time is not on a
// shared machine.
func cpuTime() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e3
}

// followedUp reports whether n cases have their receipt filed and no job
// other than a periodic one is left.
func followedUp(b *testing.B, db *store.DB, n int) bool {
	var filed, left int
	err := db.QueryRowContext(context.Background(), `SELECT
		(SELECT COUNT(*) FROM akte_document WHERE kind = 'receipt'),
		(SELECT COUNT(*) FROM job WHERE state IN ('available', 'running') AND run_at <= $1 AND kind NOT IN ($2, $3))`,
		time.Now().UTC().Add(time.Hour), apply.CleanupJob{}.Kind(), apply.OrphanSweepJob{}.Kind()).Scan(&filed, &left)
	if err != nil {
		b.Fatal(err)
	}
	return filed == n && left == 0
}
