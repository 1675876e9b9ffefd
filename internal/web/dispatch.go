package web

import "net/http"

// dispatch routes r through the mux. Requests no route matches get the
// friendly 404 or 405 page instead of the mux's plain text.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request) { s.dispatchTo(s.mux.ServeMux, w, r) }

// dispatchTo is dispatch for the routes of router.
func (s *Server) dispatchTo(router Router, w http.ResponseWriter, r *http.Request) {
	if r.Pattern != "" {
		router.ServeHTTP(w, r)
		return
	}
	// The mux's own answer is either 404 or 405 with an Allow header;
	// record it to learn which.
	h, _ := router.Handler(r)
	rec := &headerRecorder{header: http.Header{}}
	h.ServeHTTP(rec, r)
	if rec.status == http.StatusMethodNotAllowed {
		w.Header().Set("Allow", rec.header.Get("Allow"))
		s.errorPage(w, r, http.StatusMethodNotAllowed)
		return
	}
	s.errorPage(w, r, http.StatusNotFound)
}

// headerRecorder keeps a response's header and status and drops its body.
type headerRecorder struct {
	header http.Header
	status int
}

func (h *headerRecorder) Header() http.Header         { return h.header }
func (h *headerRecorder) Write(b []byte) (int, error) { return len(b), nil }
func (h *headerRecorder) WriteHeader(status int)      { h.status = status }
