package web

import (
	"context"
	"net/http"

	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// The names below keep the composition and middleware of package web
// short on the shared package site.

type (
	visitor = site.Visitor
)

// Session is the login behind a request (site.Session).
type Session = site.Session

// Sessions finds the login session of a request (site.Sessions).
type Sessions = site.Sessions

// LoginSessions answers Sessions from the request's login (site.LoginSessions).
type LoginSessions = site.LoginSessions

func requestID(ctx context.Context) string { return site.RequestID(ctx) }
func routeLabel(r *http.Request) string    { return site.RouteLabel(r) }
func personalPath(path string) bool        { return site.PersonalPath(path) }

func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) { s.site.Fail(w, r, err) }
func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, status int) {
	s.site.ErrorPage(w, r, status)
}
func (s *Server) lang(r *http.Request) i18n.Lang           { return s.site.Lang(r) }
func (s *Server) tenant(r *http.Request) (tenant.ID, bool) { return s.site.Tenant(r) }
func (s *Server) overTLS(r *http.Request) bool             { return s.site.OverTLS(r) }
