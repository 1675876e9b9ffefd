package web

import "net/http"

// crossOrigin rejects state-changing requests (POST, PUT, PATCH, DELETE)
// that a browser sent from another site, using Go's
// http.CrossOriginProtection (Sec-Fetch-Site, else Origin against Host).
// This replaces CSRF tokens: forms need no hidden token field. Safe
// methods (GET, HEAD, OPTIONS) pass and must never change state.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.skipCrossOrigin(r) {
			if err := s.cop.Check(r); err != nil {
				s.log.Info("cross-origin request refused", "route", routeLabel(r), "id", requestID(r.Context()))
				s.errorPage(w, r, http.StatusForbidden)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// skipCrossOrigin is the hook for non-browser clients. The JSON API will
// return true here for its routes when the request carries an
// "Authorization: Bearer" token: browsers never attach such a header on
// their own, so a forged cross-site request cannot carry it. The API's
// handlers must then verify the token; a request that merely has the
// header proves nothing. Until then every request is checked.
func (s *Server) skipCrossOrigin(r *http.Request) bool { return false }
