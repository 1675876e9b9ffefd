package account

import (
	"errors"
	"net/http"

	"github.com/amtsweg/amtsweg/internal/account"
)

// deleteAccount explains what deleting removes and what the authorities
// must keep (GET /konto/loeschen).
func (s *Handler) deleteAccount(w http.ResponseWriter, r *http.Request) {
	v := visitorOf(r.Context()) // the citizen guard of the route let it in
	s.render(w, r, http.StatusOK, "account_delete", newReauthForm(r, v))
}

// deleteAccountPost deletes the account after the confirmation box (POST
// /konto/loeschen) once the current password (or a fresh login) confirms
// the owner; the last admin of an organisation is refused.
func (s *Handler) deleteAccountPost(w http.ResponseWriter, r *http.Request) {
	v := visitorOf(r.Context()) // the citizen guard of the route let it in
	f := newReauthForm(r, v, "confirm")
	if f.Values["confirm"] != "yes" {
		f.Errors["confirm"] = fieldMsg{Key: "account.delete.confirm_required"}
	} else if confirmed, err := s.reauth(r, v, f.form); err != nil || !confirmed {
		s.reauthFailed(w, r, err, "account_delete", f)
		return
	} else if err := s.d.Accounts.Delete(r.Context(), account.Actor(v.Account.ID), v.Account.ID); err != nil {
		if !errors.Is(err, account.ErrLastAdmin) {
			s.fail(w, r, err)
			return
		}
		f.Alert = fieldMsg{Key: "account.delete.last_admin"}
	} else {
		http.SetCookie(w, s.sessionCookie(r).Clear())
		s.render(w, r, http.StatusOK, "account_deleted", nil)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, "account_delete", f)
}
