package web

import (
	"net/http"
	"slices"
)

// routeMux is the server's ServeMux that remembers every pattern
// registered through it, so tests can walk all routes (Server.Routes) and
// a new route cannot slip past the authorization matrix test.
type routeMux struct {
	*http.ServeMux
	patterns []string
}

func newRouteMux() *routeMux { return &routeMux{ServeMux: http.NewServeMux()} }

// HandleFunc registers handler for pattern and records the pattern.
func (m *routeMux) HandleFunc(pattern string, handler func(http.ResponseWriter, *http.Request)) {
	m.patterns = append(m.patterns, pattern)
	m.ServeMux.HandleFunc(pattern, handler)
}

// Handle registers handler for pattern and records the pattern.
func (m *routeMux) Handle(pattern string, handler http.Handler) {
	m.patterns = append(m.patterns, pattern)
	m.ServeMux.Handle(pattern, handler)
}

// Routes lists the patterns registered by the web pages, in registration
// order ("GET /verwaltung", ...). The JSON API has its own mux beside the
// pages (WithAPI); its patterns are not listed here.
func (s *Server) Routes() []string { return slices.Clone(s.mux.patterns) }
