package account

import "net/http"

// profile shows the name form (GET /konto/profil).
func (s *Handler) profile(w http.ResponseWriter, r *http.Request) {
	v := visitorOf(r.Context()) // the citizen guard of the route let it in
	f := newForm(r)
	f.Values["name"] = v.Account.Name
	if r.URL.Query().Get("hinweis") == "gespeichert" {
		f.Notice = "account.profile.saved"
	}
	s.render(w, r, http.StatusOK, "account_profile", f)
}

// profilePost saves the name (POST /konto/profil).
func (s *Handler) profilePost(w http.ResponseWriter, r *http.Request) {
	v := visitorOf(r.Context()) // the citizen guard of the route let it in
	f := newForm(r, "name")
	err := s.d.Accounts.Rename(r.Context(), v.Account.TenantID, v.Account.ID, f.Values["name"])
	if err == nil {
		http.Redirect(w, r, "/konto/profil?hinweis=gespeichert", http.StatusSeeOther)
		return
	}
	if !f.Take(err, nil) {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, "account_profile", f)
}
