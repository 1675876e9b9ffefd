package web

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// resetRequest shows the "forgot password" form (GET /passwort-vergessen).
func (s *Server) resetRequest(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "account_reset", newForm(r))
}

// resetRequestPost asks for a reset link (POST /passwort-vergessen). The
// answer is the same whether or not the address has an account.
func (s *Server) resetRequestPost(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "email")
	f.require("email")
	if f.Failed() {
		s.render(w, r, http.StatusUnprocessableEntity, "account_reset", f)
		return
	}
	tenantID, _ := s.tenant(r)
	m, err := s.d.Accounts.RequestReset(r.Context(), tenantID, f.Values["email"])
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.sendMail(r, m, mailPath(m.Kind))
	f.Values["email"] = ""
	f.Notice = "account.reset.sent"
	s.render(w, r, http.StatusOK, "account_reset", f)
}

// resetPassword shows the new-password form of a reset link (GET
// /passwort-neu?token=...).
func (s *Server) resetPassword(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "account_reset_new", tokenPage{form: newForm(r), Token: r.URL.Query().Get("token")})
}

// resetPasswordPost sets the new password (POST /passwort-neu); all
// sessions of the account end.
func (s *Server) resetPasswordPost(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "password")
	p := tokenPage{form: f, Token: r.PostFormValue("token")}
	f.require("password")
	if !f.Failed() {
		err := s.d.Accounts.ResetPassword(r.Context(), p.Token, f.Values["password"])
		if err == nil {
			http.Redirect(w, r, "/anmelden?hinweis=passwort", http.StatusSeeOther)
			return
		}
		if fault.Is(err, fault.NotFound) {
			f.Alert, p.Token = fieldMsg{Key: "account.link.invalid"}, ""
		} else if !f.take(err, nil) {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusUnprocessableEntity, "account_reset_new", p)
}
