// Package account serves the citizen's account pages: sign-up, login
// with password, second factor and OpenID Connect, the links from
// e-mails, password reset, and "Mein Konto" (profile, password, e-mail,
// second factor, sessions, organisations, deletion, drafts). In demo mode
// it also serves the demo eID under /demo-eid/ (account_demoeid.go): the
// provider's own login page, where a visitor picks a test person and a
// level, and the protocol endpoints package demoidp answers.
package account

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/sso"
	"github.com/amtsweg/amtsweg/internal/sso/demoidp"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// Deps are what the account pages need.
type Deps struct {
	// Accounts is the account service; nil answers the pages with 404.
	Accounts *account.Service
	// Apply lists and deletes an account's drafts on "Mein Konto".
	Apply *apply.Service
	// Mailbox counts the unread entries of an account's applications.
	Mailbox *mailbox.Service
	// Mailer sends the account e-mails (verification, reset, ...).
	Mailer *mail.Mailer
	// SSO is the external OpenID Connect provider; nil offers none.
	SSO *sso.Provider
	// DemoEID is the demo identity provider whose endpoints and login page
	// are served under /demo-eid/ (account_demoeid.go); nil serves none.
	DemoEID *demoidp.Provider
}

// Handler serves the account pages.
type Handler struct {
	site *site.Site
	d    Deps
	log  *slog.Logger
	msgs *i18n.Catalog
}

// New returns the account pages' handler.
func New(s *site.Site, d Deps) *Handler {
	return &Handler{site: s, d: d, log: s.Log, msgs: s.Msgs()}
}

// Routes registers the account pages on mux.
func (s *Handler) Routes(mux site.Mux) {
	mux.HandleFunc("GET /registrieren", s.signup)
	mux.HandleFunc("POST /registrieren", s.signupPost)
	mux.HandleFunc("GET /registrieren/gesendet", s.signupSent)
	mux.HandleFunc("GET /registrieren/bestaetigen", s.verifyEmail)
	mux.HandleFunc("POST /registrieren/bestaetigen", s.verifyEmailPost)
	mux.HandleFunc("GET /anmelden", s.login)
	mux.HandleFunc("POST /anmelden", s.loginPost)
	mux.HandleFunc("GET /anmelden/code", s.loginCode)
	mux.HandleFunc("POST /anmelden/code", s.loginCodePost)
	mux.HandleFunc("GET /anmelden/oidc", s.oidcStart)
	mux.HandleFunc("GET /anmelden/oidc/antwort", s.oidcCallback)
	mux.HandleFunc("POST /abmelden", s.logout)
	mux.HandleFunc("GET /passwort-vergessen", s.resetRequest)
	mux.HandleFunc("POST /passwort-vergessen", s.resetRequestPost)
	mux.HandleFunc("GET /passwort-neu", s.resetPassword)
	mux.HandleFunc("POST /passwort-neu", s.resetPasswordPost)
	mux.HandleFunc("GET /konto", s.citizen(s.accountHome))
	mux.HandleFunc("POST /konto/entwuerfe/{id}/loeschen", s.citizen(s.deleteDraft))
	mux.HandleFunc("GET /konto/profil", s.citizen(s.profile))
	mux.HandleFunc("POST /konto/profil", s.citizen(s.profilePost))
	mux.HandleFunc("GET /konto/passwort", s.citizen(s.changePassword))
	mux.HandleFunc("POST /konto/passwort", s.citizen(s.changePasswordPost))
	mux.HandleFunc("GET /konto/email", s.citizen(s.changeEmail))
	mux.HandleFunc("POST /konto/email", s.citizen(s.changeEmailPost))
	mux.HandleFunc("GET /konto/email/bestaetigen", s.confirmEmail)
	mux.HandleFunc("POST /konto/email/bestaetigen", s.confirmEmailPost)
	mux.HandleFunc("GET /konto/loeschen", s.citizen(s.deleteAccount))
	mux.HandleFunc("POST /konto/loeschen", s.citizen(s.deleteAccountPost))
	mux.HandleFunc("GET /konto/zweiter-faktor", s.totp)
	mux.HandleFunc("POST /konto/zweiter-faktor/neu", s.totpStart)
	mux.HandleFunc("POST /konto/zweiter-faktor/bestaetigen", s.totpConfirm)
	mux.HandleFunc("POST /konto/zweiter-faktor/aus", s.citizen(s.totpDisable))
	mux.HandleFunc("GET /konto/sitzungen", s.citizen(s.sessions))
	mux.HandleFunc("POST /konto/sitzungen/{id}/beenden", s.citizen(s.endSession))
	mux.HandleFunc("GET /konto/organisationen/{org}", s.citizen(s.organisation))
	mux.HandleFunc("POST /konto/organisationen/{org}/mitglieder", s.citizen(s.orgAddMember))
	mux.HandleFunc("POST /konto/organisationen/{org}/mitglieder/{account}/entfernen", s.citizen(s.orgRemoveMember))
	mux.HandleFunc("POST /konto/organisationen/{org}/handeln", s.citizen(s.orgAct))
	if s.d.DemoEID != nil {
		s.demoEIDRoutes(mux)
	}
}

// citizen lets only a complete login through to h; anyone else goes to
// the login page and returns afterwards (needLogin). The pages behind it
// read the login with visitorOf.
func (s *Handler) citizen(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, ok := s.needLogin(w, r); ok {
			h(w, r)
		}
	}
}

// The helpers below keep the handlers' calls short (s.render, s.fail, ...).

type (
	view         = site.View
	visitor      = site.Visitor
	form         = site.Form
	fieldMsg     = site.FieldMsg
	summaryError = site.SummaryError
)

const orgCookie = site.OrgCookie

func (s *Handler) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	s.site.Render(w, r, status, page, data)
}

func (s *Handler) fail(w http.ResponseWriter, r *http.Request, err error) { s.site.Fail(w, r, err) }

func (s *Handler) newView(r *http.Request, data any) view       { return s.site.NewView(r, data) }
func (s *Handler) lang(r *http.Request) i18n.Lang               { return s.site.Lang(r) }
func (s *Handler) tenant(r *http.Request) (tenant.ID, bool)     { return s.site.Tenant(r) }
func (s *Handler) baseURL(r *http.Request) string               { return s.site.BaseURL(r) }
func (s *Handler) sessionCookie(r *http.Request) account.Cookie { return s.site.SessionCookie(r) }
func visitorOf(ctx context.Context) *visitor                    { return site.VisitorOf(ctx) }
func newForm(r *http.Request, fields ...string) *form           { return site.NewForm(r, fields...) }
func localPath(next string) string                              { return site.LocalPath(next) }
func safeNext(next string) string                               { return site.SafeNext(next) }
func answerFirst(w http.ResponseWriter, render func(http.ResponseWriter), work func()) {
	site.AnswerFirst(w, render, work)
}
