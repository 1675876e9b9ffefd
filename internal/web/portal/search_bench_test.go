package portal_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/browsertest"
)

// benchQueries are typical citizen searches, sent in turn.
var benchQueries = []string{"Wohnsitz anmelden", "Personalausweis", "Elterngeld", "Hundesteuer",
	"Gewerbe anmelden", "Baugenehmigung", "Kfz Zulassung", "Wohngeld", "Führerschein", "Zulasungg"}

// BenchmarkSearchHTTP measures the search results page over loopback
// HTTP against a bare net/http handler in the same run, on the same
// machine, with the same client: run with
//
//	go test ./internal/web -run '^$' -bench SearchHTTP -benchtime 2000x
//
// and compare the req/s of the sub-benchmarks (and their CPU time per
// request, which scatters less on a shared machine): "search" repeats ten
// popular queries (answered from the result cache after the first time),
// "search-longtail" sends the names of up to 3,000 different services (a
// fresh index search each, until b.N exceeds them).
func BenchmarkSearchHTTP(b *testing.B) {
	bare := bareServer(b)
	base := browsertest.Start(b)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	paths := make([]string, len(benchQueries))
	for i, q := range benchQueries {
		paths[i] = "/suche?" + url.Values{"q": {q}}.Encode()
	}
	b.Run("bare", func(b *testing.B) { hammer(b, client, bare, paths) })
	b.Run("search", func(b *testing.B) { hammer(b, client, base, paths) })
	b.Run("search-longtail", func(b *testing.B) { hammer(b, client, base, longTail(b, client, base)) })
	b.Run("api", func(b *testing.B) {
		api := make([]string, len(benchQueries))
		for i, q := range benchQueries {
			api[i] = "/api/v1/services?" + url.Values{"q": {q}}.Encode()
		}
		hammer(b, client, base, api)
	})
}

// hammer sends b.N GET requests from parallel clients and reports req/s.
func hammer(b *testing.B, client *http.Client, base string, paths []string) {
	var n atomic.Int64
	b.SetParallelism(4)
	cpu0 := processCPU()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			res, err := client.Get(base + paths[int(i)%len(paths)])
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				b.Errorf("status %d", res.StatusCode)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	b.ReportMetric(float64((processCPU()-cpu0).Microseconds())/float64(b.N), "cpu-µs/req")
}

// processCPU is the CPU time the process has used (user + system), server
// and clients together: on a shared machine the capacity a request costs
// is steadier in CPU time than in requests per second.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// bareServer serves a fixed small HTML page with a plain net/http
// handler on loopback: the ceiling for any handler on this machine.
func bareServer(b *testing.B) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	page := []byte("<!DOCTYPE html><html lang=de><title>x</title><p>ok</p></html>")
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})}
	go srv.Serve(ln)
	b.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// longTail returns search paths for the names of up to 3,000 services.
func longTail(b *testing.B, client *http.Client, base string) []string {
	var paths []string
	for page := 1; page <= 30; page++ {
		res, err := client.Get(fmt.Sprintf("%s/api/v1/services?perPage=100&page=%d", base, page))
		if err != nil {
			b.Fatal(err)
		}
		var list struct{ Items []struct{ Name string } }
		err = json.NewDecoder(res.Body).Decode(&list)
		res.Body.Close()
		if err != nil {
			b.Fatal(err)
		}
		for _, it := range list.Items {
			if len([]rune(it.Name)) > 200 { // longer than the search box takes
				continue
			}
			paths = append(paths, "/suche?"+url.Values{"q": {it.Name}}.Encode())
		}
	}
	return paths
}
