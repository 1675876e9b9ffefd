package site

import (
	"net/http"
	"net/url"

	"github.com/amtsweg/amtsweg/internal/apply"
)

// LoginPage is the data of apply_login.html: the page asking to log in at
// the needed assurance level, returning to Next afterwards.
type LoginPage struct {
	Procedure string // the procedure's title
	Level     string // the needed assurance level
	Next      string
	LoggedIn  bool   // logged in, but at a lower level
	SSO       string // name of the external provider offering stronger logins, "" for none
}

// LoginURL is the login page's address with the way back and the level
// the page needs, which the login page asks the external provider for.
func (p LoginPage) LoginURL() string {
	u := "/anmelden?next=" + url.QueryEscape(p.Next)
	if p.Level != "" {
		u += "&level=" + url.QueryEscape(p.Level)
	}
	return u
}

// StepUpURL starts a login at the external provider at the needed level
// that returns to Next (the session is upgraded, a draft goes on).
func (p LoginPage) StepUpURL() string {
	return "/anmelden/oidc?level=" + url.QueryEscape(p.Level) + "&next=" + url.QueryEscape(p.Next)
}

// AskLogin shows the login-needed page; a draft stays as it is.
func (s *Site) AskLogin(w http.ResponseWriter, r *http.Request, title, level string) {
	s.renderLogin(w, r, http.StatusOK, title, level)
}

// askStepUp answers a read of an application, receipt or mailbox thread
// from a login below its procedure's assurance level (apply.LevelError):
// not a refusal but the offer of a stronger login that returns here
// (401, so nothing of the application is on the page).
func (s *Site) askStepUp(w http.ResponseWriter, r *http.Request, le *apply.LevelError) {
	s.renderLogin(w, r, http.StatusUnauthorized, le.Title.In(string(s.Lang(r))), le.Need.String())
}

func (s *Site) renderLogin(w http.ResponseWriter, r *http.Request, status int, title, level string) {
	_, in := s.Session(r)
	p := LoginPage{Procedure: title, Level: level, Next: r.URL.RequestURI(), LoggedIn: in}
	p.SSO = s.c.SSOName
	s.Render(w, r, status, "apply_login", p)
}
