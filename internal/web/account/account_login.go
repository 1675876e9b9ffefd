package account

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// loginPage is the data of account_login.html.
type loginForm struct {
	*form
	// SSO names the external provider offered next to the password
	// login; "" for none.
	SSO string
	// Demo lists the tenant's demo staff accounts in demo mode only.
	Demo []site.DemoLogin
	// Level is the assurance level the page that sent the visitor here
	// needs (?level=), "" for any: the provider is asked for it.
	Level string
}

// SSOURL starts the login at the provider, at Level, returning to Next.
func (d loginForm) SSOURL() string {
	q := url.Values{}
	if d.Level != "" {
		q.Set("level", d.Level)
	}
	if d.Next != "" {
		q.Set("next", d.Next)
	}
	if len(q) == 0 {
		return "/anmelden/oidc"
	}
	return "/anmelden/oidc?" + q.Encode()
}

// loginAlerts maps the login's answers to messages. Unknown address and
// wrong password share one; the lock message is the same for every
// address.
var loginAlerts = map[error]string{
	account.ErrLoginFailed:   "account.login.failed",
	account.ErrLoginLocked:   "account.login.locked",
	account.ErrAccountLocked: "account.login.locked",
	account.ErrNotVerified:   "account.login.unverified",
}

// demoAlerts answers a change of a demo account in demo mode.
var demoAlerts = map[error]string{account.ErrDemoAccount: "backoffice_nav.demo.account_fixed"}

func (s *Handler) loginData(r *http.Request, f *form) loginForm {
	d := loginForm{form: f, Demo: s.site.DemoLogins(r)}
	if l, err := account.ParseLevel(r.URL.Query().Get("level")); err == nil {
		d.Level = l.String()
	}
	if s.d.SSO != nil {
		d.SSO = s.d.SSO.Name()
	}
	return d
}

// login shows the login form (GET /anmelden?next=...).
func (s *Handler) login(w http.ResponseWriter, r *http.Request) {
	f := newForm(r)
	switch r.URL.Query().Get("hinweis") {
	case "bestaetigt":
		f.Notice = "account.verify.done"
	case "passwort":
		f.Notice = "account.reset.done"
	case "abgemeldet":
		f.Notice = "account.logout.done"
	}
	s.render(w, r, http.StatusOK, "account_login", s.loginData(r, f))
}

// loginPost checks e-mail and password (POST /anmelden) and starts a new
// session: the session id always changes at login, and a session from
// before is ended.
func (s *Handler) loginPost(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "email", "password")
	f.Require("email", "password")
	if f.Failed() {
		s.render(w, r, http.StatusUnprocessableEntity, "account_login", s.loginData(r, f))
		return
	}
	tenantID, _ := s.tenant(r)
	a, err := s.d.Accounts.Authenticate(r.Context(), tenantID, f.Values["email"], f.Values["password"], r.RemoteAddr)
	if errors.Is(err, account.ErrNotVerified) {
		m, rerr := s.d.Accounts.ResendVerification(r.Context(), tenantID, f.Values["email"])
		if rerr == nil {
			s.sendMail(r, m, mailPath(m.Kind))
		}
	}
	if err != nil {
		if !f.Take(err, loginAlerts) {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnauthorized, "account_login", s.loginData(r, f))
		return
	}
	ss, err := s.startSession(w, r, a, account.LevelLow, account.MethodPassword)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, afterLogin(a, ss.Stage, f.Next), http.StatusSeeOther)
}

// startSession opens a session for a, ending the browser's previous one,
// and sets its cookie.
func (s *Handler) startSession(w http.ResponseWriter, r *http.Request, a account.Account, level account.Level, method string) (account.Session, error) {
	ck := s.sessionCookie(r)
	prev := ""
	if c, err := r.Cookie(ck.Name); err == nil {
		prev = c.Value
	}
	ss, token, err := s.d.Accounts.StartSession(r.Context(), a, account.SessionStart{Level: level, Method: method,
		UserAgent: r.UserAgent(), Previous: prev, Lang: string(s.lang(r))})
	if err != nil {
		return ss, err
	}
	http.SetCookie(w, ck.New(token))
	http.SetCookie(w, &http.Cookie{Name: orgCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: ck.Secure, SameSite: http.SameSiteLaxMode})
	return ss, nil
}

// afterLogin is where a new session of a goes: the code page or the TOTP
// set-up while the login is incomplete, else next, else the staff's inbox
// (Verwaltung) or the citizen's "Mein Konto".
func afterLogin(a account.Account, stage account.Stage, next string) string {
	switch stage {
	case account.StageSecondFactor:
		if next != "" {
			return "/anmelden/code?next=" + urlQuery(next)
		}
		return "/anmelden/code"
	case account.StageEnrol:
		return "/konto/zweiter-faktor"
	}
	if next != "" {
		return next
	}
	if a.Kind == account.KindStaff {
		return "/verwaltung"
	}
	return "/konto"
}

// logout ends the session on the server and clears the cookie (POST
// /abmelden).
func (s *Handler) logout(w http.ResponseWriter, r *http.Request) {
	ck := s.sessionCookie(r)
	if c, err := r.Cookie(ck.Name); err == nil && c.Value != "" {
		if err := s.d.Accounts.Logout(r.Context(), c.Value); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	http.SetCookie(w, ck.Clear())
	http.SetCookie(w, &http.Cookie{Name: orgCookie, Path: "/", MaxAge: -1, HttpOnly: true, Secure: ck.Secure, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, "/anmelden?hinweis=abgemeldet", http.StatusSeeOther)
}
