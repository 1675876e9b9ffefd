package web

import "net/http"

// limitBody caps every request body at Deps.MaxBody bytes; reading past it
// fails with *http.MaxBytesError, which s.fail shows as 413. Routes in
// ownBodyLimit (form pages with uploads) set their own limit instead,
// once they know who asks and how much may come.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.d.MaxBody > 0 && r.Body != nil && !ownBodyLimit[r.Pattern] {
			r.Body = http.MaxBytesReader(w, r.Body, s.d.MaxBody)
		}
		next.ServeHTTP(w, r)
	})
}
