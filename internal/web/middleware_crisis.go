package web

import (
	"net/http"
	"strings"
)

// crisisGate answers, while the database is unreachable (crisis mode,
// docs/crisis.md), every route that needs it with the maintenance page at
// once: 503 with Retry-After and, for a form, the posted values to send
// again. The routes served from memory (crisisServed) pass. Asking the
// dead database first would make every such request wait for a
// connection timeout; the outage monitor notices the database's return
// within a second and the gate opens by itself.
func (s *Server) crisisGate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.site.Degraded() && !crisisServed(r.Pattern) {
			s.site.Maintenance(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// crisisRoutes are the pages that work without the database: the catalog
// from its in-memory read model (search, service pages with the finder,
// topics, life situations), the place suggestions, the static texts, the
// language switch and the operations endpoints.
var crisisRoutes = map[string]bool{
	"GET /{$}": true, "GET /suche": true, "GET /leistungen/{key}": true, "GET /orte/vorschlaege": true,
	"GET /themen/{slug}": true, "GET /lebenslagen/{slug}": true, "GET /impressum": true,
	"GET /datenschutz": true, "GET /barrierefreiheit": true, "GET /datenquellen": true,
	"POST /sprache": true, "GET /healthz": true, "GET /readyz": true, "GET /metrics": true,
}

// crisisServed reports whether the route with pattern works without the
// database; unmatched requests (404, 405 pages) need none either.
func crisisServed(pattern string) bool {
	return pattern == "" || crisisRoutes[pattern] || strings.HasPrefix(pattern, "GET /static/")
}
