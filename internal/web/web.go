// Package web serves the HTML pages (citizen portal and back office) and
// the HTTP plumbing around them. Handlers translate HTTP into calls to the
// capability packages and hold no business rules.
package web

import (
	"log/slog"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Deps are what the web layer needs from the process.
type Deps struct {
	Log         *slog.Logger
	DB          *store.DB
	Blobs       blob.Store
	Tenants     *tenant.Resolver
	Metrics     *prometheus.Registry
	MaxInflight int   // requests served at once before 503
	MaxBody     int64 // default request body limit in bytes
}

// Server is the HTTP front of amtsweg.
type Server struct {
	d   Deps
	mux *http.ServeMux
}

// New builds the server and its routes.
func New(d Deps) (*Server, error) {
	s := &Server{d: d, mux: http.NewServeMux()}
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	return s, nil
}

// Handler returns the root handler with all middleware.
func (s *Server) Handler() http.Handler { return s.mux }
