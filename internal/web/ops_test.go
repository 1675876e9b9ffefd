package web_test

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestOverload holds MaxInflight requests open (POST bodies that never
// finish arriving); the next request gets 503 with Retry-After at once,
// while health checks still answer. When the held requests end, pages are
// served again.
func TestOverload(t *testing.T) {
	base := browsertest.Start(t, browsertest.WithMaxInflight(2))
	addr := strings.TrimPrefix(base, "http://")
	var held []net.Conn
	for range 2 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "POST /sprache HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nlang=", addr)
		held = append(held, c)
	}
	// 2 held requests + the scrape itself.
	waitMetric(t, base, `amtsweg_http_inflight_requests 3`)

	start := time.Now()
	res, body := webtest.Do(t, "GET", base+"/", "", map[string]string{"Accept-Language": "de"})
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("status %d under overload, want 503", res.StatusCode)
	}
	if res.Header.Get("Retry-After") == "" || !strings.Contains(body, "ausgelastet") {
		t.Errorf("503 without Retry-After or friendly text: %q %q", res.Header.Get("Retry-After"), body)
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("refusal took %s; it must not queue", took)
	}
	for _, p := range []string{"/healthz", "/readyz"} {
		if res, _ := webtest.Do(t, "GET", base+p, "", nil); res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d under overload, want 200", p, res.StatusCode)
		}
	}

	for _, c := range held { // finish the bodies: the requests complete
		fmt.Fprint(c, "en"+strings.Repeat("x", 95))
		if line, err := bufio.NewReader(c).ReadString('\n'); err != nil || !strings.Contains(line, "400") {
			t.Errorf("held request answered %q, %v", line, err)
		}
	}
	waitMetric(t, base, `amtsweg_http_inflight_requests 1`)
	if res, _ := webtest.Do(t, "GET", base+"/", "", nil); res.StatusCode != http.StatusOK {
		t.Errorf("after overload: %d, want 200", res.StatusCode)
	}
}

func waitMetric(t *testing.T, base, line string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		_, body := webtest.Do(t, "GET", base+"/metrics", "", nil)
		if strings.Contains(body, line+"\n") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("metrics never showed %q", line)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestMetricsLabels: requests are counted by route pattern, never by raw
// path, and the latency histogram has the same labels.
func TestMetricsLabels(t *testing.T) {
	base := browsertest.Start(t)
	webtest.Do(t, "GET", base+"/", "", nil)
	webtest.Do(t, "GET", base+"/impressum?name=Erika+Mustermann", "", nil)
	webtest.Do(t, "GET", base+"/person/erika-mustermann", "", nil)
	_, body := webtest.Do(t, "GET", base+"/metrics", "", nil)
	for _, want := range []string{
		`amtsweg_http_requests_total{code="200",route="GET /{$}"} 1`,
		`amtsweg_http_requests_total{code="200",route="GET /impressum"} 1`,
		`amtsweg_http_requests_total{code="404",route="unmatched"} 1`,
		`amtsweg_http_request_duration_seconds_count{route="GET /impressum"} 1`,
		`amtsweg_http_inflight_requests 1`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, "mustermann") {
		t.Error("metrics contain a raw path or query")
	}
}

// TestStatic: versioned asset URLs are cacheable for a year; stale versions
// still work but are not cached; unknown files are 404.
func TestStatic(t *testing.T) {
	base := browsertest.Start(t)
	_, home := webtest.Do(t, "GET", base+"/", "", nil)
	css := regexp.MustCompile(`/static/([0-9a-f]{12})/kern/kern\.min\.css`).FindStringSubmatch(home)
	if css == nil {
		t.Fatal("home page links no versioned KERN stylesheet")
	}
	tests := []struct {
		path, status, cache, ctype string
	}{
		{css[0], "200", "immutable", "text/css"},
		{"/static/" + css[1] + "/kern/fonts/fira-sans/FiraSans-Regular.woff2", "200", "immutable", "font/woff2"},
		{"/static/000000000000/amtsweg.css", "200", "no-cache", "text/css"},
		{"/static/" + css[1] + "/nope.css", "404", "", "text/html"},
		{"/static/" + css[1] + "/kern", "404", "", "text/html"},
	}
	for _, tt := range tests {
		res, _ := webtest.Do(t, "GET", base+tt.path, "", nil)
		if fmt.Sprint(res.StatusCode) != tt.status || !strings.Contains(res.Header.Get("Cache-Control"), tt.cache) ||
			!strings.HasPrefix(res.Header.Get("Content-Type"), tt.ctype) {
			t.Errorf("%s: %d %q %q, want %s %s %s", tt.path, res.StatusCode, res.Header.Get("Cache-Control"),
				res.Header.Get("Content-Type"), tt.status, tt.cache, tt.ctype)
		}
	}
}
