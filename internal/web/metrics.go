package web

import (
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the HTTP server's Prometheus collectors. Routes are labelled
// by their pattern (r.Pattern), never by the raw path, so the number of
// series stays bounded and no personal data reaches the metrics.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	inflight prometheus.Gauge
	rejected prometheus.Counter
}

// newMetrics registers the collectors on reg (a private registry when reg
// is nil). q, when set, backs the failed-jobs metrics (metrics_jobs.go);
// the job queue depth gauge is registered by internal/app.
func newMetrics(reg *prometheus.Registry, q jobFailures, log *slog.Logger) (*metrics, error) {
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	m := &metrics{
		reg: reg,
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "amtsweg_http_requests_total", Help: "HTTP requests answered, by route pattern and status.",
		}, []string{"route", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "amtsweg_http_request_duration_seconds", Help: "Time to answer HTTP requests, by route pattern.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route"}),
		inflight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "amtsweg_http_inflight_requests", Help: "HTTP requests being served right now.",
		}),
		rejected: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "amtsweg_http_overload_rejected_total", Help: "Requests refused with 503 because too many were in flight.",
		}),
	}
	cs := []prometheus.Collector{m.requests, m.duration, m.inflight, m.rejected}
	if q != nil {
		cs = append(cs, newJobsCollector(q, log))
	}
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			return nil, errors.New("web: register metrics: " + err.Error())
		}
	}
	return m, nil
}

// handler serves the registry in the Prometheus text format.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Timeout: 10 * time.Second})
}

// MetricsHandler serves the metrics on a listener of their own
// (--metrics-addr, with Deps.MetricsElsewhere).
func (s *Server) MetricsHandler() http.Handler { return s.metrics.handler() }

// metricsHere guards /metrics on the portal's own listener: the figures
// (routes, load, queue) are for operators, not for the public, so they
// are never served on a tenant's public host name — only to loopback host
// names (127.0.0.1, [::1], localhost), and not at all when they have their
// own listener.
func (s *Server) metricsHere(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.d.MetricsElsewhere || !loopbackHost(r.Host) {
			s.errorPage(w, r, http.StatusNotFound)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// loopbackHost reports whether host (with or without port) names this
// machine's loopback interface.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}
