package account

import (
	"net/http"
)

// tokenPage is the data of the pages behind an e-mailed link: the token
// travels on in a hidden field, so merely opening the link (a mail
// scanner does) changes nothing.
type tokenPage struct {
	*form
	Token string
}

// verifyEmail shows the confirmation button of the verification link
// (GET /registrieren/bestaetigen?token=...).
func (s *Handler) verifyEmail(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "account_verify", tokenPage{form: newForm(r), Token: r.URL.Query().Get("token")})
}

// verifyEmailPost confirms the address (POST /registrieren/bestaetigen).
// An unknown, used or expired link gets one message.
func (s *Handler) verifyEmailPost(w http.ResponseWriter, r *http.Request) {
	f := newForm(r)
	if _, err := s.d.Accounts.VerifyEmail(r.Context(), r.PostFormValue("token")); err != nil {
		f.Alert = fieldMsg{Key: "account.link.invalid"}
		s.render(w, r, http.StatusNotFound, "account_verify", tokenPage{form: f})
		return
	}
	http.Redirect(w, r, "/anmelden?hinweis=bestaetigt", http.StatusSeeOther)
}
