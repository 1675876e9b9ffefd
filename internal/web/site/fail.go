package site

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/outage"
)

// StatusOf is the one place that maps an error to an HTTP status.
func StatusOf(err error) int {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return http.StatusRequestEntityTooLarge
	}
	if outage.DatabaseDown(err) {
		return http.StatusServiceUnavailable
	}
	switch fault.CodeOf(err) {
	case fault.NotFound:
		return http.StatusNotFound
	case fault.Forbidden:
		return http.StatusForbidden
	case fault.Unauthorized:
		return http.StatusUnauthorized // pages that need a login redirect to it before (needLogin)
	case fault.Invalid:
		var e *fault.Error
		if errors.As(err, &e) && len(e.Fields) > 0 {
			return http.StatusUnprocessableEntity
		}
		return http.StatusBadRequest
	case fault.Conflict:
		return http.StatusConflict
	case fault.Unavailable:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// Fail answers a request that failed with err: the error page for its
// status. Only internal errors are logged at error level, with the
// reference shown on the page so a report can be matched to the log line.
func (s *Site) Fail(w http.ResponseWriter, r *http.Request, err error) {
	if le := (*apply.LevelError)(nil); errors.As(err, &le) {
		s.askStepUp(w, r, le)
		return
	}
	if s.DatabaseDown(err) {
		s.Maintenance(w, r)
		return
	}
	status := StatusOf(err)
	level := slog.LevelDebug
	if status == http.StatusInternalServerError {
		level = slog.LevelError
	}
	s.Log.Log(r.Context(), level, "request failed", "ref", RequestID(r.Context()),
		"route", RouteLabel(r), "status", status, "err", err)
	s.ErrorPage(w, r, status)
}

// errorPage is the data of templates/error.html.
type errorPage struct {
	Status int
	Ref    string // shown for internal errors only
}

// TitleKey names the page's title message, per status.
func (e errorPage) TitleKey() string { return fmt.Sprintf("error.%d.title", e.Status) }

// TextKey names the page's explanation message, per status.
func (e errorPage) TextKey() string { return fmt.Sprintf("error.%d.text", e.Status) }

// ErrorPage renders the friendly page for status.
func (s *Site) ErrorPage(w http.ResponseWriter, r *http.Request, status int) {
	page := errorPage{Status: status}
	if status == http.StatusInternalServerError {
		page.Ref = RequestID(r.Context())
	}
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "30")
	}
	s.Render(w, r, status, "error", page)
}

// ErrBadRequest is a malformed request that no field error describes.
func ErrBadRequest(msg string) error { return fault.New(fault.Invalid, "%s", msg) }
