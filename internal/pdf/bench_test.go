package pdf_test

import (
	"syscall"
	"testing"
)

// BenchmarkRender renders a typical receipt (letterhead, answers, two
// attachments) and reports the process CPU time per render, which is
// stable on a shared machine where ns/op (wall time) is not.
func BenchmarkRender(b *testing.B) {
	d := receipt(2)
	if _, err := d.Bytes(); err != nil { // fonts are parsed once per process
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu0 := cpuTime()
	b.ResetTimer()
	for b.Loop() {
		if _, err := d.Bytes(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuTime()-cpu0)/float64(b.N), "cpu-µs/op")
}

// cpuTime is this process's user+system CPU time in µs.
func cpuTime() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e3
}
