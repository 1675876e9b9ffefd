package web

import (
	"net/http"
	"net/url"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apply"
)

// Session is the login behind a request: the account, the organisation it
// acts for (0: itself) and the assurance level (Vertrauensniveau) of the
// login.
type Session struct {
	AccountID int64
	OrgID     int64
	Level     account.Level
}

// Sessions finds the login session of a request. The account pages
// provide the implementation (LoginSessions); with Deps.Sessions nil
// every request is anonymous.
type Sessions interface {
	// Session returns the request's session, or false when nobody is
	// logged in.
	Session(r *http.Request) (Session, bool)
}

// session is the hook every application page asks who is logged in.
func (s *Server) session(r *http.Request) (Session, bool) {
	if s.d.Sessions == nil {
		return Session{}, false
	}
	return s.d.Sessions.Session(r)
}

// sessionSatisfies reports whether the request's login reaches the
// assurance level a procedure names ("low", "substantial", "high"); an
// unknown level is treated as the highest, so nothing passes by mistake.
func (s *Server) sessionSatisfies(r *http.Request, required string) (Session, bool) {
	sess, ok := s.session(r)
	if !ok {
		return sess, false
	}
	need, err := account.ParseLevel(required)
	if err != nil {
		need = account.LevelHigh + 1
	}
	return sess, sess.Level.Satisfies(need)
}

// loginPage is the data of apply_login.html: the page asking to log in at
// the needed assurance level, returning to Next afterwards.
type loginPage struct {
	Procedure string // the procedure's title
	Level     string // the needed assurance level
	Next      string
	LoggedIn  bool   // logged in, but at a lower level
	SSO       string // name of the external provider offering stronger logins, "" for none
}

// LoginURL is the login page's address with the way back.
func (p loginPage) LoginURL() string { return "/anmelden?next=" + url.QueryEscape(p.Next) }

// StepUpURL starts a login at the external provider at the needed level
// that returns to Next (the session is upgraded, a draft goes on).
func (p loginPage) StepUpURL() string {
	return "/anmelden/oidc?level=" + url.QueryEscape(p.Level) + "&next=" + url.QueryEscape(p.Next)
}

// askLogin shows the login-needed page; a draft stays as it is.
func (s *Server) askLogin(w http.ResponseWriter, r *http.Request, title, level string) {
	s.renderLogin(w, r, http.StatusOK, title, level)
}

// askStepUp answers a read of an application, receipt or mailbox thread
// from a login below its procedure's assurance level (apply.LevelError):
// not a refusal but the offer of a stronger login that returns here
// (401, so nothing of the application is on the page).
func (s *Server) askStepUp(w http.ResponseWriter, r *http.Request, le *apply.LevelError) {
	s.renderLogin(w, r, http.StatusUnauthorized, le.Title.In(string(s.lang(r))), le.Need.String())
}

func (s *Server) renderLogin(w http.ResponseWriter, r *http.Request, status int, title, level string) {
	_, in := s.session(r)
	p := loginPage{Procedure: title, Level: level, Next: r.URL.RequestURI(), LoggedIn: in}
	if s.d.SSO != nil {
		p.SSO = s.d.SSO.Name()
	}
	s.render(w, r, status, "apply_login", p)
}
