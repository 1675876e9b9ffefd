package web

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/account"
)

// signupPage is the data of account_signup.html.
type signupPage struct {
	*form
	Business bool
}

// signup shows the registration form (GET /registrieren); ?art=unternehmen
// preselects a business account.
func (s *Server) signup(w http.ResponseWriter, r *http.Request) {
	f := newForm(r)
	f.Values["kind"] = "citizen"
	if r.URL.Query().Get("art") == "unternehmen" {
		f.Values["kind"] = "business"
	}
	s.render(w, r, http.StatusOK, "account_signup", signupPage{form: f, Business: f.Values["kind"] == "business"})
}

// signupPost registers the account (POST /registrieren). Known and new
// addresses get the very same answer, "check your mailbox": the account
// service sends the owner of a known address a notice instead.
func (s *Server) signupPost(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "kind", "name", "email", "password", "organisation")
	kind := account.KindCitizen
	if f.Values["kind"] == "business" {
		kind = account.KindBusiness
		f.require("organisation")
	}
	f.require("email", "password")
	tenantID, _ := s.tenant(r)
	if !f.Failed() {
		m, err := s.d.Accounts.SignUp(r.Context(), account.SignUpInput{TenantID: tenantID, Kind: kind,
			Email: f.Values["email"], Name: f.Values["name"], Password: f.Values["password"]})
		if err != nil && !f.take(err, nil) {
			s.fail(w, r, err)
			return
		}
		if err == nil {
			s.pendingOrganisation(r, m, kind, f.Values["organisation"])
			s.sendMail(r, m, mailPath(m.Kind))
			http.Redirect(w, r, "/registrieren/gesendet", http.StatusSeeOther)
			return
		}
	}
	s.render(w, r, http.StatusUnprocessableEntity, "account_signup", signupPage{form: f, Business: kind == account.KindBusiness})
}

// pendingOrganisation creates the organisation of a new business account
// with the account as its admin. A known address (no new account) gets
// none, so the answer is the same.
func (s *Server) pendingOrganisation(r *http.Request, m account.Mail, kind account.Kind, name string) {
	if kind != account.KindBusiness || m.Kind != account.MailVerify {
		return
	}
	if _, err := s.d.Accounts.CreateOrganisation(r.Context(), m.AccountID, name); err != nil {
		s.log.Error("create organisation at sign-up", "err", err)
	}
}

// signupSent is the "check your mailbox" page (GET /registrieren/gesendet).
func (s *Server) signupSent(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "account_signup_sent", nil)
}
