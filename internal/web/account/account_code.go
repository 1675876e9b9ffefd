package account

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/account"
)

var codeAlerts = map[error]string{
	account.ErrSecondFactor: "account.code.wrong",
	account.ErrLoginLocked:  "account.login.locked",
}

// loginCode asks for the TOTP or recovery code of a login in stage
// second_factor (GET /anmelden/code).
func (s *Handler) loginCode(w http.ResponseWriter, r *http.Request) {
	if v := visitorOf(r.Context()); v == nil || v.Session.Stage != account.StageSecondFactor {
		http.Redirect(w, r, "/anmelden", http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "account_code", newForm(r))
}

// loginCodePost checks the code (POST /anmelden/code); success rotates the
// session id and completes the login.
func (s *Handler) loginCodePost(w http.ResponseWriter, r *http.Request) {
	v := visitorOf(r.Context())
	if v == nil || v.Session.Stage != account.StageSecondFactor {
		http.Redirect(w, r, "/anmelden", http.StatusSeeOther)
		return
	}
	f := newForm(r, "code")
	f.Require("code")
	if !f.Failed() {
		token, err := s.d.Accounts.CompleteSecondFactor(r.Context(), v.Token, f.Values["code"])
		if err == nil {
			http.SetCookie(w, s.sessionCookie(r).New(token))
			http.Redirect(w, r, afterLogin(v.Account, account.StageComplete, f.Next), http.StatusSeeOther)
			return
		}
		if !f.Take(err, codeAlerts) {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusUnprocessableEntity, "account_code", f)
}
