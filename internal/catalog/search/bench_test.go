package search_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/catalog/search"
	"github.com/amtsweg/amtsweg/internal/catalog/search/searchtest"
)

// variants make the copies of the 10× catalog differ in name and id, as
// regional variants of one service would.
var variants = []string{"", "Kreis Nord", "Stadt Süd", "Landkreis Ost", "Gemeinde West",
	"Bezirk Mitte", "Amt Oberland", "Samtgemeinde Heide", "Verbandsgemeinde Tal", "Markt Unterfranken"}

// scaled returns the real catalog copied n times with varied ids and names.
func scaled(tb testing.TB, n int) []search.Doc {
	base := realDocs(tb)
	out := make([]search.Doc, 0, len(base)*n)
	for k := 0; k < n; k++ {
		for i, d := range base {
			if k > 0 {
				d.ID = d.ID + "-" + strconv.Itoa(k)
				d.Name = d.Name + " " + variants[k%len(variants)]
			}
			d.Popularity = (i * 7919 * (k + 1)) % 100
			out = append(out, d)
		}
	}
	return out
}

// benchQueries are the citizen queries plus typos and suggestions' worth
// of short input, the mix the portal sees.
func benchQueries() []string {
	qs := make([]string, 0, len(searchtest.Citizen)+4)
	for _, c := range searchtest.Citizen {
		qs = append(qs, c.Query)
	}
	return append(qs, "Persnalausweis", "Fuehrerschein", "Hundesteur", "Kindergeldantrag")
}

// englishBenchQueries are English visitors' searches: English words,
// German ones, and a typo.
var englishBenchQueries = []string{"register residence", "parental allowance", "driving licence",
	"ID card", "dog tax", "building permit", "child benefit", "Elterngeld", "register a car",
	"residence permit", "funeral", "postal vote", "pasport", "Anmeldung", "housing benefit"}

// BenchmarkSearch runs the German query mix ("catalog×n") and the English
// one with Lang "en" ("catalog×n-en").
func BenchmarkSearch(b *testing.B) {
	for _, n := range []int{1, 10} {
		for _, lang := range []string{"", search.LangEnglish} {
			name := fmt.Sprintf("catalog×%d", n)
			qs := benchQueries()
			if lang != "" {
				name, qs = name+"-"+lang, englishBenchQueries
			}
			b.Run(name, func(b *testing.B) { benchSearch(b, n, lang, qs) })
		}
	}
}

func benchSearch(b *testing.B, n int, lang string, qs []string) {
	docs := scaled(b, n)
	x, err := search.New(docs)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	ctx := context.Background()
	lat := make([]time.Duration, 0, b.N)
	own := make([]time.Duration, 0, b.N) // each search's thread CPU time
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0, c0 := time.Now(), threadCPU()
		if _, err := x.Search(ctx, search.Query{Text: qs[i%len(qs)], Lang: lang}); err != nil {
			b.Fatal(err)
		}
		own = append(own, threadCPU()-c0)
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	reportPercentiles(b, lat)
	if slices.Max(own) > 0 {
		slices.Sort(own)
		b.ReportMetric(float64(own[len(own)/2].Microseconds())/1000, "cpu-p50-ms")
		b.ReportMetric(float64(own[int(0.99*float64(len(own)-1))].Microseconds())/1000, "cpu-p99-ms")
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Microseconds())/1000/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(len(docs)), "docs")
}

func BenchmarkSuggest(b *testing.B) {
	x, err := search.New(scaled(b, 10))
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	prefixes := []string{"a", "fü", "kinder", "wohnsitz an", "perso", "gewerbe anm", "hund"}
	lat := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		_ = x.Suggest(prefixes[i%len(prefixes)], 8)
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	reportPercentiles(b, lat)
}

// BenchmarkBuild measures building the index at start and the memory it
// holds afterwards (Go heap and, on Linux, the process's resident set).
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1, 10} {
		b.Run(fmt.Sprintf("catalog×%d", n), func(b *testing.B) {
			docs := scaled(b, n)
			var heap uint64
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				before, cpu0 := heapInUse(), cpuTime()
				x, err := search.New(docs)
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				b.ReportMetric(float64((cpuTime() - cpu0).Milliseconds()), "cpu-ms/op")
				heap = heapInUse() - before
				debug.FreeOSMemory() // RSS as it settles, not the build's garbage
				b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
				b.ReportMetric(rssMB(), "rss-MB")
				_ = x.Close()
				b.StartTimer()
			}
		})
	}
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	slices.Sort(lat)
	at := func(p float64) float64 {
		return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// cpuTime is the CPU time the process has used (user + system): stable
// where wall times scatter because other work shares the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// rssMB is VmRSS from /proc/self/status, or 0 where there is none.
func rssMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}
