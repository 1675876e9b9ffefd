package apply_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strconv"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// benchParallelism is goroutines per GOMAXPROCS in the parallel benchmarks
// (2 cores × 16 = 32 concurrent submitters).
var benchParallelism = envInt("AMTSWEG_BENCH_PAR", 16)

// BenchmarkSubmit measures Submit of complete drafts that each carry a
// 100 kB attachment (prepared before the timer: start, three pages,
// upload), with 32 concurrent submitters.
func BenchmarkSubmit(b *testing.B) {
	eachBench(b, func(b *testing.B, db *store.DB) {
		e := newEnv(b, db, nil)
		ids, owners := make([]int64, b.N), make([]apply.Owner, b.N)
		for i := range b.N {
			owners[i] = apply.AccountOwner(int64(i+1), 0)
			ids[i] = e.start(b, &owners[i]).ID
			e.fill(b, ids[i], owners[i], pdfBytes(100_000, fmt.Sprint(i)))
		}
		var next atomic.Int64
		b.SetParallelism(benchParallelism)
		cpu0 := cpuTime()
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				i := next.Add(1) - 1
				if _, err := e.svc.Submit(context.Background(), ids[i], owners[i], fmt.Sprint("k", i)); err != nil {
					b.Error(err)
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "submits/s")
		b.ReportMetric(cpuSince(cpu0)/float64(b.N), "cpu-µs/submit")
		if n, items := e.svc.Batches(); n > 0 {
			b.ReportMetric(float64(items)/float64(n), "submits/batch")
		}
	})
}

// cpuTime is this process's user+system CPU time in µs (the database
// server's CPU is not included: PostgreSQL runs in its own processes).
func cpuTime() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e3
}

func cpuSince(t0 float64) float64 { return cpuTime() - t0 }

// BenchmarkApplyFlow measures the whole flow of one application: start,
// three saved pages, a 100 kB upload (fsynced) and the submit.
func BenchmarkApplyFlow(b *testing.B) {
	eachBench(b, func(b *testing.B, db *store.DB) {
		e := newEnv(b, db, nil)
		file := pdfBytes(100_000, "flow")
		var next atomic.Int64
		b.SetParallelism(benchParallelism)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				i := next.Add(1)
				owner := apply.AccountOwner(i, 0)
				a := e.start(b, &owner)
				e.fill(b, a.ID, owner, nil)
				if _, err := e.svc.Upload(context.Background(), a.ID, owner, "nachweis", "n.pdf", "", bytes.NewReader(file)); err != nil {
					b.Error(err)
				}
				if _, err := e.svc.Submit(context.Background(), a.ID, owner, fmt.Sprint("k", i)); err != nil {
					b.Error(err)
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "applications/s")
	})
}

// BenchmarkRawInsert is the database's own limit in the same run: one
// small INSERT per committed (fsynced) transaction, same concurrency.
func BenchmarkRawInsert(b *testing.B) {
	eachBench(b, func(b *testing.B, db *store.DB) {
		ctx := context.Background()
		if _, err := db.ExecContext(ctx, `CREATE TABLE bench_raw (id `+db.Dialect.Types().ID+`, payload TEXT NOT NULL)`); err != nil {
			b.Fatal(err)
		}
		b.SetParallelism(benchParallelism)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				err := db.Tx(ctx, func(tx *store.Tx) error {
					_, err := tx.ExecContext(ctx, `INSERT INTO bench_raw (payload) VALUES ($1)`, "x")
					return err
				})
				if err != nil {
					b.Error(err)
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "commits/s")
	})
}

func eachBench(b *testing.B, fn func(b *testing.B, db *store.DB)) {
	for _, d := range storetest.Dialects() {
		b.Run(d.String(), func(b *testing.B) { fn(b, storetest.Open(b, d)) })
	}
}

func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil && v > 0 {
		return v
	}
	return def
}
