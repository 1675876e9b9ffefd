package web

import "net/http"

// limitInflight serves at most Deps.MaxInflight requests at once. One more
// is answered at once with 503, Retry-After and a short text instead of
// waiting in an unbounded queue: under overload, fast refusals keep the
// requests in progress fast. Operations routes are exempt so probes and
// scrapes still see the truth.
func (s *Server) limitInflight(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.inflight == nil || isOperational(r.Pattern) {
			next.ServeHTTP(w, r)
			return
		}
		select {
		case s.inflight <- struct{}{}:
			defer func() { <-s.inflight }()
			next.ServeHTTP(w, r)
		default:
			s.metrics.rejected.Inc()
			// Deliberately no template: the answer must stay cheap.
			w.Header().Set("Retry-After", "5")
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte(s.msgs.T(s.lang(r), "overload.body") + "\n"))
		}
	})
}
