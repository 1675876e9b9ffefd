package web

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/outage"
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

// readyz tells the load balancer whether this process can serve. While
// the shared database is unreachable it still answers 200, with the body
// "degraded: database unavailable" and the header X-Amtsweg-Degraded:
// database (JSON with Accept: application/json): the outage is the same
// for every process, and taking them all out of the load balancer would
// also take away what crisis mode still serves — the catalog, the finder
// and the maintenance page that keeps a form's values (docs/crisis.md).
// ?strict=1 answers 503 instead, for a check that must not pass without
// the database (a deployment's smoke test). A process without a database
// handle or one whose database refuses for another reason (say, closed
// at shutdown) is not ready: 503.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if s.d.Ready == nil {
		s.readiness(w, r, http.StatusServiceUnavailable, "no database")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	err := s.ping(ctx)
	switch {
	case err == nil:
		s.readiness(w, r, http.StatusOK, "ready")
	case !outage.DatabaseDown(err):
		s.log.Warn("not ready", "err", err)
		s.readiness(w, r, http.StatusServiceUnavailable, "database unavailable")
	default:
		w.Header().Set("X-Amtsweg-Degraded", "database")
		status := http.StatusOK
		if r.URL.Query().Get("strict") != "" {
			status = http.StatusServiceUnavailable
		}
		s.readiness(w, r, status, "degraded: database unavailable")
	}
}

// ping asks the database through the outage monitor, which records the
// answer (a ready answer also ends crisis mode at once), or directly
// without one.
func (s *Server) ping(ctx context.Context) error {
	if s.d.Outage != nil {
		return s.d.Outage.Probe(ctx)
	}
	return s.d.Ready(ctx)
}

// readiness writes the answer of /readyz as text, or as JSON
// {"status": "ready"|"degraded"|"unavailable", "database": "ok"|"unavailable",
// "detail": text} when the client accepts application/json.
func (s *Server) readiness(w http.ResponseWriter, r *http.Request, status int, text string) {
	if !strings.Contains(r.Header.Get("Accept"), "application/json") {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		w.Write([]byte(text + "\n"))
		return
	}
	state, db := "ready", "ok"
	switch {
	case strings.HasPrefix(text, "degraded"):
		state, db = "degraded", "unavailable"
	case status != http.StatusOK:
		state, db = "unavailable", "unavailable"
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"status": state, "database": db, "detail": text})
}
