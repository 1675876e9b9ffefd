package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/account"
)

// visitor is the login behind a request, as loadSession found it.
type visitor struct {
	Session account.Session
	Account account.Account
	Token   string // the session cookie's value
	// OrgID is the organisation the account acts for (0: itself); the
	// choice lives in a cookie and counts only while the account is a
	// member.
	OrgID int64
}

// Complete reports whether the login is finished (no second factor due).
func (v *visitor) Complete() bool { return v != nil && v.Session.Stage == account.StageComplete }

type visitorKey struct{}

// visitorOf returns the request's login, nil for none.
func visitorOf(ctx context.Context) *visitor {
	v, _ := ctx.Value(visitorKey{}).(*visitor)
	return v
}

// orgCookie remembers the organisation a business member acts for.
const orgCookie = "amtsweg_org"

// sessionCookie returns the session cookie's parameters for r.
func (s *Server) sessionCookie(r *http.Request) account.Cookie {
	return account.SessionCookie(r.TLS != nil || strings.HasPrefix(s.baseURL(r), "https:"))
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
		v, err := s.visit(r, c.Value)
		if err != nil {
			http.SetCookie(w, ck.Clear())
			next.ServeHTTP(w, r)
			return
		}
		if to := stageRedirect(v.Session.Stage, r); to != "" {
			http.Redirect(w, r, to, http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), visitorKey{}, v)))
	})
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

// tenant is the id of the request host's tenant.
func (s *Server) tenant(r *http.Request) (int64, bool) {
	if s.d.Tenants == nil {
		return 0, false
	}
	t, err := s.d.Tenants.ForHost(r.Host)
	return t.ID, err == nil
}

// baseURL is the portal's public URL: the configured one, else the
// request's own scheme and host.
func (s *Server) baseURL(r *http.Request) string {
	if s.d.BaseURL != nil {
		if u := strings.TrimRight(s.d.BaseURL(), "/"); u != "" {
			return u
		}
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// LoginSessions is the Sessions implementation of the account pages: it
// answers from the session loadSession put into the request's context.
// Only a complete login (no second factor due) counts.
type LoginSessions struct{}

// Session returns the request's complete login.
func (LoginSessions) Session(r *http.Request) (Session, bool) {
	v := visitorOf(r.Context())
	if !v.Complete() {
		return Session{}, false
	}
	return Session{AccountID: v.Account.ID, OrgID: v.OrgID, Level: v.Session.Level}, true
}
