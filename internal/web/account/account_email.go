package account

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// changeEmail shows the new-address form (GET /konto/email).
func (s *Handler) changeEmail(w http.ResponseWriter, r *http.Request) {
	v := visitorOf(r.Context()) // the citizen guard of the route let it in
	s.render(w, r, http.StatusOK, "account_email", newReauthForm(r, v))
}

// changeEmailPost sends the confirmation link to the new address (POST
// /konto/email) once the current password (or a fresh login) confirms the
// owner. The answer does not say whether the address is taken.
func (s *Handler) changeEmailPost(w http.ResponseWriter, r *http.Request) {
	v := visitorOf(r.Context()) // the citizen guard of the route let it in
	f := newReauthForm(r, v, "email")
	f.Require("email")
	if !f.Failed() {
		if confirmed, err := s.reauth(r, v, f.form); err != nil || !confirmed {
			s.reauthFailed(w, r, err, "account_email", f)
			return
		}
		m, err := s.d.Accounts.RequestEmailChange(r.Context(), v.Account.ID, f.Values["email"])
		if err == nil || fault.Is(err, fault.Conflict) {
			s.sendMail(r, m, mailPath(m.Kind))
			f.Values["email"], f.Notice = "", "account.email.sent"
			s.render(w, r, http.StatusOK, "account_email", f)
			return
		}
		if !f.Take(err, demoAlerts) {
			s.fail(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusUnprocessableEntity, "account_email", f)
}

// confirmEmail shows the button of the confirmation link (GET
// /konto/email/bestaetigen?token=...).
func (s *Handler) confirmEmail(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "account_email_confirm", tokenPage{form: newForm(r), Token: r.URL.Query().Get("token")})
}

// confirmEmailPost switches the address (POST /konto/email/bestaetigen)
// and notifies the old one.
func (s *Handler) confirmEmailPost(w http.ResponseWriter, r *http.Request) {
	f := newForm(r)
	m, err := s.d.Accounts.ConfirmEmailChange(r.Context(), r.PostFormValue("token"))
	switch {
	case fault.Is(err, fault.NotFound) || fault.Is(err, fault.Conflict):
		f.Alert = fieldMsg{Key: "account.link.invalid"}
		s.render(w, r, http.StatusNotFound, "account_email_confirm", tokenPage{form: f})
		return
	case err != nil:
		s.fail(w, r, err)
		return
	}
	s.sendMail(r, m, mailPath(m.Kind))
	f.Notice = "account.email.done"
	s.render(w, r, http.StatusOK, "account_email_confirm", tokenPage{form: f})
}
