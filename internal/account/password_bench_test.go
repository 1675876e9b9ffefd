package account

import (
	"fmt"
	"syscall"
	"testing"
	"time"
)

// BenchmarkArgon2id measures one password hash under DefaultParams and
// neighbouring costs; the figures are recorded in docs/benchmarks.md.
// Besides wall time it reports the process CPU time per hash (cpu-ms/op),
// which a busy machine distorts less: on an idle machine with p=2 lanes,
// wall ≈ cpu/2.
func BenchmarkArgon2id(b *testing.B) {
	for _, p := range []Params{
		DefaultParams(),
		{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}, // OWASP minimum
		{Memory: 64 * 1024, Time: 2, Threads: 2, SaltLen: 16, KeyLen: 32},
		{Memory: 128 * 1024, Time: 3, Threads: 2, SaltLen: 16, KeyLen: 32},
	} {
		b.Run(fmt.Sprintf("m=%d,t=%d,p=%d", p.Memory, p.Time, p.Threads), func(b *testing.B) {
			h := NewHasher(p, 1, nil)
			start := cpuTime()
			for b.Loop() {
				if _, err := h.Hash("correct horse battery staple"); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		})
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
