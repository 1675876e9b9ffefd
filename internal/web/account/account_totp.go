package account

import (
	"html/template"
	"net/http"

	"github.com/amtsweg/amtsweg/internal/account"
)

// totpPage is the data of account_totp.html.
type totpPage struct {
	*form
	Active bool   // a second factor is confirmed
	Secret string // during set-up: the secret to type in
	URI    string // during set-up: the otpauth:// URI
	QR     template.HTML
	Codes  []string // after confirming: the recovery codes, shown once
	Staff  bool     // staff must keep the second factor, and continue to the back office
}

// needSession is needLogin that also lets a staff session in stage enrol
// through (it is sent to these pages).
func (s *Handler) needSession(w http.ResponseWriter, r *http.Request) (*visitor, bool) {
	if v := visitorOf(r.Context()); v != nil && v.Session.Stage == account.StageEnrol {
		return v, true
	}
	return s.needLogin(w, r)
}

// totp shows the state of the second factor (GET /konto/zweiter-faktor).
func (s *Handler) totp(w http.ResponseWriter, r *http.Request) {
	v, ok := s.needSession(w, r)
	if !ok {
		return
	}
	p := totpPage{form: newForm(r), Active: v.Account.SecondFactor, Staff: v.Account.Kind == account.KindStaff}
	s.render(w, r, http.StatusOK, "account_totp", p)
}

// totpStart starts the set-up and shows secret, URI and QR code (POST
// /konto/zweiter-faktor/neu).
func (s *Handler) totpStart(w http.ResponseWriter, r *http.Request) {
	v, ok := s.needSession(w, r)
	if !ok {
		return
	}
	e, err := s.d.Accounts.EnrolTOTP(r.Context(), v.Account.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "account_totp", s.enrolPage(r, newForm(r), e.Secret, e.URI))
}

func (s *Handler) enrolPage(r *http.Request, f *form, secret, uri string) totpPage {
	return totpPage{form: f, Secret: secret, URI: uri, QR: qrSVG(uri, s.newView(r, nil).T("account.totp.qr"))}
}

// totpConfirm checks the first code (POST /konto/zweiter-faktor/bestaetigen),
// rotates the session id and shows the recovery codes once.
func (s *Handler) totpConfirm(w http.ResponseWriter, r *http.Request) {
	v, ok := s.needSession(w, r)
	if !ok {
		return
	}
	f := newForm(r, "code")
	f.Require("code")
	if !f.Failed() {
		token, codes, err := s.d.Accounts.ConfirmTOTP(r.Context(), v.Token, f.Values["code"])
		if err == nil {
			http.SetCookie(w, s.sessionCookie(r).New(token))
			w.Header().Set("Cache-Control", "no-store")
			s.render(w, r, http.StatusOK, "account_totp", totpPage{form: newForm(r), Active: true, Codes: codes,
				Staff: v.Account.Kind == account.KindStaff})
			return
		}
		if !f.Take(err, codeAlerts) {
			s.fail(w, r, err)
			return
		}
	}
	// The hidden fields only redraw what the page showed; the server
	// checks the code against the secret it stored.
	p := s.enrolPage(r, f, r.PostFormValue("secret"), r.PostFormValue("uri"))
	s.render(w, r, http.StatusUnprocessableEntity, "account_totp", p)
}

// totpDisable removes the second factor after a current code (POST
// /konto/zweiter-faktor/aus); staff cannot.
func (s *Handler) totpDisable(w http.ResponseWriter, r *http.Request) {
	v := visitorOf(r.Context()) // the citizen guard of the route let it in
	f := newForm(r, "code")
	err := s.d.Accounts.DisableTOTP(r.Context(), v.Account.ID, f.Values["code"])
	if err == nil {
		http.Redirect(w, r, "/konto/zweiter-faktor", http.StatusSeeOther)
		return
	}
	if !f.Take(err, codeAlerts) {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusUnprocessableEntity, "account_totp", totpPage{form: f, Active: true})
}
