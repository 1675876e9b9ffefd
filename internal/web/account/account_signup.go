package account

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/account"
)

// signupFields are the sign-up form's fields in page order: the order of
// the error summary.
var signupFields = []string{"organisation", "name", "email", "password"}

// signupPage is the data of account_signup.html.
type signupPage struct {
	*form
	Business bool
	// Errors is the error summary (Fehlerübersicht) above the form: one
	// link per wrong field, in page order.
	Summary struct{ Errors []summaryError }
	// Reenter is set when the page comes back with errors after a
	// password was typed: it is never sent back (see signupPost).
	Reenter   bool
	FullTitle string
}

// Title is the page's <title>, "Fehler: " first when the form has errors.
func (p signupPage) Title() string { return p.FullTitle }

// signup shows the registration form (GET /registrieren); ?art=unternehmen
// preselects a business account.
func (s *Handler) signup(w http.ResponseWriter, r *http.Request) {
	f := newForm(r)
	f.Values["kind"] = "citizen"
	if r.URL.Query().Get("art") == "unternehmen" {
		f.Values["kind"] = "business"
	}
	s.render(w, r, http.StatusOK, "account_signup", s.signupPage(r, f, f.Values["kind"] == "business"))
}

// signupPost registers the account (POST /registrieren). Known and new
// addresses get the very same answer, "check your mailbox": the account
// service sends the owner of a known address a notice instead. Every
// wrong field is reported in one round. A typed password is not echoed
// into the page (it would sit in the page source and the browser's
// cache, which BSI and OWASP advise against); the page says next to the
// field that it must be typed again, so it is not silently lost.
func (s *Handler) signupPost(w http.ResponseWriter, r *http.Request) {
	f := newForm(r, "kind", "name", "email", "password", "organisation")
	kind := account.KindCitizen
	if f.Values["kind"] == "business" {
		kind = account.KindBusiness
	}
	tenantID, _ := s.tenant(r)
	m, err := s.d.Accounts.SignUp(r.Context(), account.SignUpInput{TenantID: tenantID, Kind: kind,
		Email: f.Values["email"], Name: f.Values["name"], Password: f.Values["password"], Organisation: f.Values["organisation"]})
	if err != nil && !f.Take(err, nil) {
		s.fail(w, r, err)
		return
	}
	if err == nil {
		s.pendingOrganisation(r, m, kind, f.Values["organisation"])
		s.sendMail(r, m, mailPath(m.Kind))
		http.Redirect(w, r, "/registrieren/gesendet", http.StatusSeeOther)
		return
	}
	p := s.signupPage(r, f, kind == account.KindBusiness)
	_, wrong := f.Errors["password"]
	p.Reenter = f.Values["password"] != "" && !wrong
	s.render(w, r, http.StatusUnprocessableEntity, "account_signup", p)
}

// signupPage builds the page data with its title and error summary.
func (s *Handler) signupPage(r *http.Request, f *form, business bool) signupPage {
	lang := s.lang(r)
	p := signupPage{form: f, Business: business}
	p.FullTitle = s.msgs.T(lang, "account_signup.title")
	if !f.Failed() {
		return p
	}
	p.FullTitle = s.msgs.T(lang, "apply.error.prefix") + p.FullTitle
	for _, name := range signupFields {
		if e, ok := f.Errors[name]; ok {
			text := s.msgs.T(lang, "apply.error.item", "field", s.msgs.T(lang, "account.field."+name), "message", s.msgs.T(lang, e.Key, e.Args...))
			p.Summary.Errors = append(p.Summary.Errors, summaryError{Href: "#f-" + name, Text: text})
		}
	}
	return p
}

// pendingOrganisation creates the organisation of a new business account
// with the account as its admin. A known address (no new account) gets
// none, so the answer is the same.
func (s *Handler) pendingOrganisation(r *http.Request, m account.Mail, kind account.Kind, name string) {
	if kind != account.KindBusiness || m.Kind != account.MailVerify {
		return
	}
	if _, err := s.d.Accounts.CreateOrganisation(r.Context(), m.AccountID, name); err != nil {
		s.log.Error("create organisation at sign-up", "err", err)
	}
}

// signupSent is the "check your mailbox" page (GET /registrieren/gesendet).
func (s *Handler) signupSent(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "account_signup_sent", nil)
}
