package account

import (
	"errors"
	"net/http"

	"github.com/amtsweg/amtsweg/internal/account"
)

// changePassword shows the password change form (GET /konto/passwort).
func (s *Handler) changePassword(w http.ResponseWriter, r *http.Request) {
	v := visitorOf(r.Context()) // the citizen guard of the route let it in
	f := newReauthForm(r, v)
	if r.URL.Query().Get("hinweis") == "geaendert" {
		f.Notice = "account.password.changed"
	}
	s.render(w, r, http.StatusOK, "account_password", f)
}

// changePasswordPost sets a new password after the current one (POST
// /konto/passwort), under the password policy; every other session of
// the account ends, this one stays.
func (s *Handler) changePasswordPost(w http.ResponseWriter, r *http.Request) {
	v := visitorOf(r.Context()) // the citizen guard of the route let it in
	f := newReauthForm(r, v, "current_password", "password")
	f.Require("current_password", "password")
	if !f.Failed() {
		err := s.d.Accounts.ChangePassword(r.Context(), v.Account.ID, f.Values["current_password"], f.Values["password"], v.Token)
		switch {
		case err == nil:
			http.Redirect(w, r, "/konto/passwort?hinweis=geaendert", http.StatusSeeOther)
			return
		case errors.Is(err, account.ErrLoginFailed):
			f.Errors["current_password"] = fieldMsg{Key: "account.reauth.wrong"}
		case !f.Take(err, map[error]string{account.ErrLoginLocked: "account.login.locked", account.ErrDemoAccount: demoAlerts[account.ErrDemoAccount]}):
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusUnprocessableEntity, "account_password", f)
}
