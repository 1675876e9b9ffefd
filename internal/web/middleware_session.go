package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// orgCookie remembers the organisation a business member acts for.
const orgCookie = site.OrgCookie

// sessionCookie returns the session cookie's parameters for r.
func (s *Server) sessionCookie(r *http.Request) account.Cookie {
	return s.site.SessionCookie(r)
}

// loadSession finds the session of the request's cookie, puts it into the
// context and keeps a session that still lacks its second factor on the
// pages that complete it. Static files and operations endpoints pass
// untouched; an ended or timed-out session's cookie is cleared.
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.d.Accounts == nil || skipsSession(r.Pattern) {
			next.ServeHTTP(w, r)
			return
		}
		ck := s.sessionCookie(r)
		c, err := r.Cookie(ck.Name)
		if err != nil || c.Value == "" {
			next.ServeHTTP(w, r)
			return
		}
		if s.site.Degraded() { // the sessions are out of reach: do not wait for the database
			s.withoutSession(w, r, next)
			return
		}
		v, err := s.visit(r, c.Value)
		if err != nil && s.site.DatabaseDown(err) {
			s.withoutSession(w, r, next) // the session is not gone, only out of reach: keep the cookie
			return
		}
		if err != nil {
			http.SetCookie(w, ck.Clear())
			next.ServeHTTP(w, r)
			return
		}
		if to := stageRedirect(v.Session.Stage, r); to != "" {
			http.Redirect(w, r, to, http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r.WithContext(site.WithVisitor(r.Context(), v)))
	})
}

// withoutSession serves r while its session cannot be read (database
// unreachable): pages served from memory anonymously, the rest with the
// maintenance page. The cookie stays, so the login continues once the
// database is back.
func (s *Server) withoutSession(w http.ResponseWriter, r *http.Request, next http.Handler) {
	if crisisServed(r.Pattern) {
		next.ServeHTTP(w, r)
		return
	}
	s.site.Maintenance(w, r)
}

// visit loads session, account and acting organisation for token.
func (s *Server) visit(r *http.Request, token string) (*visitor, error) {
	ctx := r.Context()
	ss, err := s.d.Accounts.Session(ctx, token)
	if err != nil {
		return nil, err
	}
	if t, ok := s.tenant(r); !ok || t != ss.TenantID {
		return nil, account.ErrNoSession // a session of another tenant's host
	}
	a, err := s.d.Accounts.Account(ctx, ss.AccountID)
	if err != nil {
		return nil, err
	}
	v := &visitor{Session: ss, Account: a, Token: token}
	if c, err := r.Cookie(orgCookie); err == nil && ss.Stage == account.StageComplete {
		if id, err := strconv.ParseInt(c.Value, 10, 64); err == nil {
			if ok, err := s.d.Accounts.CanActFor(ctx, a.TenantID, a.ID, id); err == nil && ok {
				v.OrgID = id
			}
		}
	}
	return v, nil
}

// skipsSession lists the routes that never need a login.
func skipsSession(pattern string) bool {
	for _, p := range []string{"GET /static/", "GET /healthz", "GET /readyz", "GET /metrics"} {
		if strings.HasPrefix(pattern, p) {
			return true
		}
	}
	return false
}

// stageRedirect is where a session in stage must go instead of r, "" to
// let r through: the code page for a due second factor, the set-up page
// for staff who must enrol one. Logging out and the language switch
// always pass.
func stageRedirect(stage account.Stage, r *http.Request) string {
	switch r.Pattern {
	case "POST /abmelden", "POST /sprache":
		return ""
	}
	switch stage {
	case account.StageSecondFactor:
		if strings.HasPrefix(r.Pattern, "GET /anmelden/code") || strings.HasPrefix(r.Pattern, "POST /anmelden/code") {
			return ""
		}
		return "/anmelden/code?next=" + url.QueryEscape(r.URL.RequestURI())
	case account.StageEnrol:
		if strings.Contains(r.Pattern, " /konto/zweiter-faktor") {
			return ""
		}
		return "/konto/zweiter-faktor"
	}
	return ""
}
