package site

import (
	"context"
	"net/http"

	"github.com/amtsweg/amtsweg/internal/account"
)

// Visitor is the login behind a request, as the session middleware found
// it.
type Visitor struct {
	Session account.Session
	Account account.Account
	Token   string // the session cookie's value
	// OrgID is the organisation the account acts for (0: itself); the
	// choice lives in a cookie and counts only while the account is a
	// member.
	OrgID int64
}

// Complete reports whether the login is finished (no second factor due).
func (v *Visitor) Complete() bool { return v != nil && v.Session.Stage == account.StageComplete }

type visitorKey struct{}

// WithVisitor returns ctx carrying the request's login.
func WithVisitor(ctx context.Context, v *Visitor) context.Context {
	return context.WithValue(ctx, visitorKey{}, v)
}

// VisitorOf returns the request's login, nil for none.
func VisitorOf(ctx context.Context) *Visitor {
	v, _ := ctx.Value(visitorKey{}).(*Visitor)
	return v
}

// Session is the login behind a request: the account, the organisation it
// acts for (0: itself) and the assurance level (Vertrauensniveau) of the
// login.
type Session struct {
	AccountID int64
	OrgID     int64
	Level     account.Level
}

// Sessions finds the login session of a request.
type Sessions interface {
	// Session returns the request's session, or false when nobody is
	// logged in.
	Session(r *http.Request) (Session, bool)
}

// LoginSessions is the Sessions implementation of the account pages: it
// answers from the session the middleware put into the request's context.
// Only a complete login (no second factor due) counts.
type LoginSessions struct{}

// Session returns the request's complete login.
func (LoginSessions) Session(r *http.Request) (Session, bool) {
	v := VisitorOf(r.Context())
	if !v.Complete() {
		return Session{}, false
	}
	return Session{AccountID: v.Account.ID, OrgID: v.OrgID, Level: v.Session.Level}, true
}

// Session asks who is logged in on r.
func (s *Site) Session(r *http.Request) (Session, bool) {
	if s.c.Sessions == nil {
		return Session{}, false
	}
	return s.c.Sessions.Session(r)
}

// SessionSatisfies reports whether the request's login reaches the
// assurance level a procedure names ("low", "substantial", "high"); an
// unknown level is treated as the highest, so nothing passes by mistake.
func (s *Site) SessionSatisfies(r *http.Request, required string) (Session, bool) {
	sess, ok := s.Session(r)
	if !ok {
		return sess, false
	}
	need, err := account.ParseLevel(required)
	if err != nil {
		need = account.LevelHigh + 1
	}
	return sess, sess.Level.Satisfies(need)
}

// OrgCookie remembers the organisation a business member acts for.
const OrgCookie = "amtsweg_org"

// SessionCookie returns the session cookie's parameters for r.
func (s *Site) SessionCookie(r *http.Request) account.Cookie {
	return account.SessionCookie(s.OverTLS(r))
}
