package web

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// The names below keep the handlers still in package web (back office,
// tenant administration, notice check) on the shared package site until
// they move into their own audience packages.

type (
	view     = site.View
	visitor  = site.Visitor
	form     = site.Form
	fieldMsg = site.FieldMsg
	pager    = site.Pager
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
func localPath(next string) string           { return site.LocalPath(next) }
func safeNext(next string) string            { return site.SafeNext(next) }
func pageParam(r *http.Request, name string) int {
	return site.PageParam(r, name)
}
func newForm(r *http.Request, fields ...string) *form { return site.NewForm(r, fields...) }
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
func (s *Server) newView(r *http.Request, data any) view          { return s.site.NewView(r, data) }
func (s *Server) lang(r *http.Request) i18n.Lang                  { return s.site.Lang(r) }
func (s *Server) tenant(r *http.Request) (int64, bool)            { return s.site.Tenant(r) }
func (s *Server) tenantOf(r *http.Request) (tenant.Tenant, error) { return s.site.TenantOf(r) }
func (s *Server) baseURL(r *http.Request) string                  { return s.site.BaseURL(r) }
func (s *Server) overTLS(r *http.Request) bool                    { return s.site.OverTLS(r) }
func (s *Server) hostURL(r *http.Request) string                  { return s.site.HostURL(r) }
func (s *Server) session(r *http.Request) (Session, bool)         { return s.site.Session(r) }
func (s *Server) sessionSatisfies(r *http.Request, level string) (Session, bool) {
	return s.site.SessionSatisfies(r, level)
}
func (s *Server) askLogin(w http.ResponseWriter, r *http.Request, title, level string) {
	s.site.AskLogin(w, r, title, level)
}

type (
	fileLink     = site.FileLink
	summaryError = site.SummaryError
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
func answerFirst(w http.ResponseWriter, render func(http.ResponseWriter), work func()) {
	site.AnswerFirst(w, render, work)
}
func (s *Server) formatTime(r *http.Request, t time.Time) string {
	return site.FormatTime(s.lang(r), t)
}
