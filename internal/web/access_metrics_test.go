package web_test

import (
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestMetricsNotOnPublicHosts: /metrics is never served on a tenant's
// public host name; without --metrics-addr only loopback host names get
// it, with --metrics-addr only that listener does.
func TestMetricsNotOnPublicHosts(t *testing.T) {
	base := browsertest.Start(t)
	if status, body := metricsGet(t, base+"/metrics", ""); status != http.StatusOK || !strings.Contains(body, "amtsweg_http_inflight_requests") {
		t.Errorf("/metrics on the loopback address: %d", status)
	}
	for _, host := range []string{"amtsweg.example", "b.test", "sachsen.amtsweg.example:443", "10.0.0.5:8080"} {
		if status, body := metricsGet(t, base+"/metrics", host); status != http.StatusNotFound || strings.Contains(body, "amtsweg_http") {
			t.Errorf("/metrics on host %s: %d, want 404", host, status)
		}
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	webtest.Check(t, err)
	addr := ln.Addr().String()
	ln.Close()
	base = browsertest.Start(t, browsertest.WithConfig(func(c *config.Config) { c.MetricsAddr = addr }))
	if status, _ := metricsGet(t, base+"/metrics", ""); status != http.StatusNotFound {
		t.Errorf("/metrics on the portal's listener with --metrics-addr: %d, want 404", status)
	}
	if status, body := metricsGet(t, "http://"+addr+"/metrics", ""); status != http.StatusOK || !strings.Contains(body, "amtsweg_http_inflight_requests") {
		t.Errorf("/metrics on --metrics-addr: %d", status)
	}
}

// metricsGet GETs url with the Host header host ("" for the URL's own).
func metricsGet(t *testing.T, url, host string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	webtest.Check(t, err)
	if host != "" {
		req.Host = host
	}
	resp, err := webtest.NoFollow().Do(req)
	webtest.Check(t, err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
