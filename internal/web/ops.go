package web

import (
	"context"
	"net/http"
	"time"
)

// isOperational reports whether pattern is one of the operations routes,
// which are exempt from the overload limit and logged at debug level.
func isOperational(pattern string) bool {
	switch pattern {
	case "GET /healthz", "GET /readyz", "GET /metrics":
		return true
	}
	return false
}

// healthz tells the orchestrator the process is alive; it checks nothing
// else, so a database outage does not get healthy processes restarted.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("ok\n"))
}

// readyz tells the load balancer whether this process can serve: it pings
// the database and answers 503 when that fails or takes over 2 seconds.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if s.d.Ready == nil {
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("no database\n"))
		return
	}
	if err := s.d.Ready(ctx); err != nil {
		s.log.Warn("not ready", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unavailable\n"))
		return
	}
	w.Write([]byte("ready\n"))
}
