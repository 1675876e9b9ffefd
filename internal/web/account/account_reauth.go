package account

import (
	"errors"
	"net/http"

	"github.com/amtsweg/amtsweg/internal/account"
)

// reauthForm is a form of a sensitive change (e-mail address, deletion,
// password): it asks for the current password, or, for an account
// without one, says that a fresh login is needed.
type reauthForm struct {
	*form
	Password bool // the account has a password to confirm with
}

func newReauthForm(r *http.Request, v *visitor, fields ...string) reauthForm {
	return reauthForm{form: newForm(r, fields...), Password: v.Account.HasPassword()}
}

// reauth has package account confirm the owner with the field
// current_password (or a fresh login) and reports whether it did; when
// not, f says why. Only internal failures are errors.
func (s *Handler) reauth(r *http.Request, v *visitor, f *form) (bool, error) {
	err := s.d.Accounts.Reauthenticate(r.Context(), v.Session, r.PostFormValue("current_password"))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, account.ErrLoginFailed):
		f.Errors["current_password"] = fieldMsg{Key: "account.reauth.wrong"}
	case errors.Is(err, account.ErrLoginLocked):
		f.Alert = fieldMsg{Key: "account.login.locked"}
	case errors.Is(err, account.ErrReauth):
		f.Alert = fieldMsg{Key: "account.reauth.fresh"}
	default:
		return false, err
	}
	return false, nil
}

// reauthFailed answers a change the owner did not confirm: the page again
// with what is missing, or the internal error.
func (s *Handler) reauthFailed(w http.ResponseWriter, r *http.Request, err error, page string, f reauthForm) {
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, page, f)
}
