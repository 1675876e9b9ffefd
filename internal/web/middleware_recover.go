package web

import (
	"fmt"
	"net/http"
	"runtime/debug"
)

// recoverPanic turns a panicking handler into the 500 page; the log line
// carries the page's reference and the stack.
func (s *Server) recoverPanic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			p := recover()
			if p == nil {
				return
			}
			if p == http.ErrAbortHandler { // the deliberate way to abort a response
				panic(p)
			}
			s.log.Error("panic", "ref", requestID(r.Context()), "route", routeLabel(r),
				"panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			if sw, ok := w.(*statusWriter); ok && sw.wroteHeader() {
				return // too late for an error page; the client sees a cut response
			}
			s.errorPage(w, r, http.StatusInternalServerError)
		}()
		next.ServeHTTP(w, r)
	})
}
