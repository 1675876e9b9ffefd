package web

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"
)

// observe writes one access log line and the metrics of each request. The
// log line holds no personal data: no IP address, no query string, no
// path (only the route pattern), no user agent.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.metrics.inflight.Inc()
		defer s.metrics.inflight.Dec()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		took := time.Since(start)
		route := routeLabel(r)
		s.metrics.requests.WithLabelValues(route, strconv.Itoa(sw.code())).Inc()
		s.metrics.duration.WithLabelValues(route).Observe(took.Seconds())
		level := slog.LevelInfo
		if isOperational(r.Pattern) { // keep probes and scrapes out of the info log
			level = slog.LevelDebug
		}
		s.log.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method), slog.String("route", route),
			slog.Int("status", sw.code()), slog.Int("bytes", sw.bytes),
			slog.Float64("took_ms", float64(took.Microseconds())/1000),
			slog.String("id", requestID(r.Context())))
	})
}

// statusWriter remembers the status and size of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(status int) {
	if w.status == 0 {
		w.status = status
	}
	w.ResponseWriter.WriteHeader(status)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (flush,
// deadlines).
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// code is the status sent, 200 when the handler wrote nothing at all.
func (w *statusWriter) code() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

// wroteHeader reports whether the response has started.
func (w *statusWriter) wroteHeader() bool { return w.status != 0 }
