package web

// routes lists every route of the server, with method and pattern. The
// pattern is also the label of the route's metrics and access log lines.
func (s *Server) routes() {
	// Operations: exempt from the overload limit (see limitInflight).
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.HandleFunc("GET /readyz", s.readyz)
	s.mux.Handle("GET /metrics", s.metrics.handler())

	s.mux.HandleFunc("GET /static/{version}/{file...}", s.static)

	// Portal pages.
	s.mux.HandleFunc("GET /{$}", s.home)
	s.mux.HandleFunc("POST /sprache", s.switchLanguage)
	s.mux.HandleFunc("GET /impressum", s.textPage("imprint"))
	s.mux.HandleFunc("GET /datenschutz", s.textPage("privacy"))
	s.mux.HandleFunc("GET /barrierefreiheit", s.textPage("accessibility"))
	s.mux.HandleFunc("GET /datenquellen", s.sources)

	// Service catalog.
	s.mux.HandleFunc("GET /suche", s.search)
	s.mux.HandleFunc("GET /leistungen/{key}", s.service)
	s.mux.HandleFunc("GET /behoerden/{id}", s.authority)
	s.mux.HandleFunc("GET /themen/{slug}", s.topic)
	s.mux.HandleFunc("GET /lebenslagen/{slug}", s.situation)
	// Public and read-only until accounts and roles exist; then tenant admins only.
	s.mux.HandleFunc("GET /abdeckung", s.coverage)

	// JSON API under /api/v1 (package api registers its own patterns).
	if s.d.API != nil {
		s.d.API.Mount(s.mux)
	}
}
