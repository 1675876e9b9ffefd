package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
)

type ctxKey int

const requestIDKey ctxKey = iota

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
		r = r.WithContext(context.WithValue(r.Context(), requestIDKey, id))
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

// requestID returns the id identify gave the request.
func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// routeLabel is the request's route pattern for logs and metrics;
// requests no route matches share one label.
func routeLabel(r *http.Request) string {
	if r.Pattern == "" {
		return "unmatched"
	}
	return r.Pattern
}
