package web

import (
	"net/http"
	"strings"
)

// Router is a handler that also names the route pattern a request
// matches, as *http.ServeMux does. The JSON API (package api) is one.
type Router interface {
	http.Handler
	Handler(r *http.Request) (h http.Handler, pattern string)
}

// apiPrefix is the part of the URL space that belongs to the JSON API.
const apiPrefix = "/api/"

// WithAPI returns the listener's root handler: the pages (Handler) and,
// beside them under /api/, api with its own middleware chain (apiHandler).
// A nil api serves the pages alone.
func (s *Server) WithAPI(api Router) http.Handler {
	pages := s.Handler()
	if api == nil {
		return pages
	}
	json := s.apiHandler(api)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, apiPrefix) {
			json.ServeHTTP(w, r)
			return
		}
		pages.ServeHTTP(w, r)
	})
}

// apiHandler is the JSON API's chain, outermost first: request id and
// route (the API's own patterns), access log and metrics, panic recovery,
// security headers, overload limit, body limit, cross-origin check (which
// lets bearer calls and the token endpoint pass), routing. It has no login
// session: the API authenticates its clients itself. A path the API does
// not know gets the portal's 404 or 405 page, as before.
func (s *Server) apiHandler(api Router) http.Handler {
	var h http.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { s.dispatchTo(api, w, r) })
	h = s.crossOrigin(h)
	h = s.limitBody(h)
	h = s.limitInflight(h)
	h = s.secureHeaders(h)
	h = s.recoverPanic(h)
	h = s.observe(h)
	return identifyOn(api, h)
}
