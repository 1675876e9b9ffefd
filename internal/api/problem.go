package api

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/outage"
)

// Problem is an RFC 9457 problem details object.
type Problem struct {
	Type   string `json:"type"`
	Title  string `json:"title"`
	Status int    `json:"status"`
	Detail string `json:"detail,omitempty"`
	// Errors lists the invalid fields of a validation error (an extension
	// member).
	Errors []fault.FieldError `json:"errors,omitempty"`
}

// problemTypes maps a fault code to its status and the problem type URI
// (relative to the API, documented with it) and title.
var problemTypes = map[fault.Code]struct {
	status int
	typ    string
	title  string
}{
	fault.Invalid:      {http.StatusBadRequest, "/api/v1/problems/invalid", "Invalid request"},
	fault.NotFound:     {http.StatusNotFound, "/api/v1/problems/not-found", "Not found"},
	fault.Conflict:     {http.StatusConflict, "/api/v1/problems/conflict", "Conflict"},
	fault.Unauthorized: {http.StatusUnauthorized, "/api/v1/problems/unauthorized", "Unauthorized"},
	fault.Forbidden:    {http.StatusForbidden, "/api/v1/problems/forbidden", "Forbidden"},
	fault.Unavailable:  {http.StatusServiceUnavailable, "/api/v1/problems/unavailable", "Service unavailable"},
	fault.Internal:     {http.StatusInternalServerError, "/api/v1/problems/internal", "Internal error"},
}

// problemOf turns err into a Problem; internal details never leave.
// A database outage is Unavailable (503 with Retry-After, crisis mode),
// not an internal error.
func problemOf(err error) Problem {
	code := fault.CodeOf(err)
	if outage.DatabaseDown(err) {
		code = fault.Unavailable
	}
	pt, ok := problemTypes[code]
	if !ok {
		pt = problemTypes[fault.Internal]
	}
	p := Problem{Type: pt.typ, Title: pt.title, Status: pt.status, Detail: fault.MessageOf(err)}
	if outage.DatabaseDown(err) {
		p.Detail = "the database is unavailable; try again later"
	}
	var e *fault.Error
	if errors.As(err, &e) && code == fault.Invalid && len(e.Fields) > 0 {
		p.Status, p.Errors = http.StatusUnprocessableEntity, e.Fields
		p.Type, p.Title = "/api/v1/problems/validation", "Validation failed"
	}
	return p
}

// fail answers with the problem for err; only internal errors are logged
// at error level.
func (a *API) fail(w http.ResponseWriter, r *http.Request, err error) {
	p := problemOf(err)
	level := slog.LevelDebug
	if p.Status >= 500 {
		level = slog.LevelError
	}
	a.d.Log.Log(r.Context(), level, "api request failed", "path", r.URL.Path, "status", p.Status, "err", err)
	writeProblem(w, p)
}

// writeProblem writes p as application/problem+json.
func writeProblem(w http.ResponseWriter, p Problem) {
	if p.Status == http.StatusServiceUnavailable && w.Header().Get("Retry-After") == "" {
		w.Header().Set("Retry-After", "30")
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(p.Status)
	writeBody(w, p)
}
