package account

import (
	"context"
	"errors"
	"net/http"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// resetRequest shows the "forgot password" form (GET /passwort-vergessen).
func (s *Handler) resetRequest(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "account_reset", newForm(r))
}

// resetRequestPost asks for a reset link (POST /passwort-vergessen). The
// answer is the same whether or not the address has an account, and it
// is sent before the address is looked up (answerFirst), so its timing
// tells nothing either; requests are throttled per address and per
// client alike for known and unknown addresses.
func (s *Handler) resetRequestPost(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "email")
	f.Require("email")
	if f.Failed() {
		s.render(w, r, http.StatusUnprocessableEntity, "account_reset", f)
		return
	}
	tenantID, _ := s.tenant(r)
	email := f.Values["email"]
	err := s.d.Accounts.AllowReset(r.Context(), tenantID, email, r.RemoteAddr)
	if errors.Is(err, account.ErrResetThrottled) {
		f.Alert = fieldMsg{Key: "account.reset.throttled"}
		s.render(w, r, http.StatusTooManyRequests, "account_reset", f)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Values["email"] = ""
	f.Notice = "account.reset.sent"
	// The work goes on after the answer, also when the browser has gone.
	later := r.WithContext(context.WithoutCancel(r.Context()))
	answerFirst(w, func(w http.ResponseWriter) { s.render(w, r, http.StatusOK, "account_reset", f) }, func() {
		m, err := s.d.Accounts.RequestReset(later.Context(), tenantID, email)
		if err != nil {
			s.log.Error("password reset request", "err", err)
			return
		}
		s.sendMail(later, m, mailPath(m.Kind))
	})
}

// resetPassword shows the new-password form of a reset link (GET
// /passwort-neu?token=...).
func (s *Handler) resetPassword(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "account_reset_new", tokenPage{form: newForm(r), Token: r.URL.Query().Get("token")})
}

// resetPasswordPost sets the new password (POST /passwort-neu); all
// sessions of the account end.
func (s *Handler) resetPasswordPost(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "password")
	p := tokenPage{form: f, Token: r.PostFormValue("token")}
	f.Require("password")
	if !f.Failed() {
		err := s.d.Accounts.ResetPassword(r.Context(), p.Token, f.Values["password"])
		if err == nil {
			http.Redirect(w, r, "/anmelden?hinweis=passwort", http.StatusSeeOther)
			return
		}
		if fault.Is(err, fault.NotFound) {
			f.Alert, p.Token = fieldMsg{Key: "account.link.invalid"}, ""
		} else if !f.Take(err, nil) {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusUnprocessableEntity, "account_reset_new", p)
}
