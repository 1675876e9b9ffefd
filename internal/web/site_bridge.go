package web

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// The names below keep the handlers still in package web (back office,
// tenant administration, notice check) on the shared package site until
// they move into their own audience packages.

type (
	visitor = site.Visitor
	pager   = site.Pager
)

// Session is the login behind a request (site.Session).
type Session = site.Session

// Sessions finds the login session of a request (site.Sessions).
type Sessions = site.Sessions

// LoginSessions answers Sessions from the request's login (site.LoginSessions).
type LoginSessions = site.LoginSessions

func visitorOf(ctx context.Context) *visitor { return site.VisitorOf(ctx) }
func requestID(ctx context.Context) string   { return site.RequestID(ctx) }
func routeLabel(r *http.Request) string      { return site.RouteLabel(r) }
func personalPath(path string) bool          { return site.PersonalPath(path) }
func statusOf(err error) int                 { return site.StatusOf(err) }
func errBadRequest(msg string) error         { return site.ErrBadRequest(msg) }
func newPager(path string, q url.Values, page, pages int) pager {
	return site.NewPager(path, q, page, pages)
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	s.site.Render(w, r, status, page, data)
}
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) { s.site.Fail(w, r, err) }
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int) {
	s.site.ErrorPage(w, r, status)
}
func (s *Server) lang(r *http.Request) i18n.Lang       { return s.site.Lang(r) }
func (s *Server) tenant(r *http.Request) (int64, bool) { return s.site.Tenant(r) }
func (s *Server) overTLS(r *http.Request) bool         { return s.site.OverTLS(r) }

type (
	fileLink = site.FileLink
)

// Limits of the non-file parts of a multipart form (package site).
const (
	maxFormValue = site.MaxFormValue
	maxFormParts = site.MaxFormParts
	formSlack    = site.FormSlack
)

func byteSize(lang string, n int64) string { return site.ByteSize(lang, n) }
func download(w http.ResponseWriter, mediaType, name string, size int64) {
	site.Download(w, mediaType, name, size)
}
func loginFirst(w http.ResponseWriter, r *http.Request) { site.LoginFirst(w, r) }
func (s *Server) formatTime(r *http.Request, t time.Time) string {
	return site.FormatTime(s.lang(r), t)
}
