package web

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"

	"github.com/amtsweg/amtsweg/internal/web/site"
)

// identify gives each request an id (shown as the reference on error pages,
// sent as X-Request-Id and logged) and looks up its route pattern early, so
// every middleware can label logs and metrics with r.Pattern, never the raw
// path.
func (s *Server) identify(next http.Handler) http.Handler { return identifyOn(s.mux.ServeMux, next) }

// identifyOn is identify for the routes of router (the pages' mux or the
// JSON API's).
func identifyOn(router Router, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := newRequestID()
		w.Header().Set("X-Request-Id", id)
		r = r.WithContext(site.WithRequestID(r.Context(), id))
		_, r.Pattern = router.Handler(r)
		next.ServeHTTP(w, r)
	})
}

// newRequestID returns 12 random hex digits: short enough to read out on
// the phone, unique enough to find the log line.
func newRequestID() string {
	b := make([]byte, 6)
	rand.Read(b)
	return hex.EncodeToString(b)
}
