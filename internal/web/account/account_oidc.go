package account

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/sso"
)

// oidcCookie holds the state of one login at the provider (state, nonce,
// PKCE verifier, way back, needed level) for ten minutes, only on the
// callback's path. It is the browser's own login: a forged one can only
// fail the state check.
const oidcCookie = "amtsweg_oidc"

// OIDCCallbackPath is where the provider sends the browser back.
const OIDCCallbackPath = "/anmelden/oidc/antwort"

// oidcRedirect is the redirect URI: on the public URL for a real
// provider (its registration lists that one), on the request's own host
// for the demo eID, which the portal serves on every host, so a tenant on
// its own host name gets the session cookie there.
func (s *Handler) oidcRedirect(r *http.Request) string {
	if s.d.SSO.PortalHosted() {
		return s.site.HostURL(r) + OIDCCallbackPath
	}
	return s.baseURL(r) + OIDCCallbackPath
}

// oidcStart sends the browser to the provider (GET
// /anmelden/oidc?next=...&level=...). level asks for a stronger login
// (step-up): the provider is asked for a method of at least that level.
func (s *Handler) oidcStart(w http.ResponseWriter, r *http.Request) {
	if s.d.SSO == nil || s.d.Accounts == nil {
		s.fail(w, r, fault.New(fault.NotFound, "no identity provider is configured"))
		return
	}
	level := account.LevelNone
	if q := r.URL.Query().Get("level"); q != "" {
		l, err := account.ParseLevel(q)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		level = l
	}
	f, to, err := s.d.SSO.Begin(r.Context(), s.oidcRedirect(r), safeNext(r.URL.Query().Get("next")), level)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	b, _ := json.Marshal(f)
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Value: base64.RawURLEncoding.EncodeToString(b),
		Path: "/anmelden/oidc/antwort", MaxAge: 600, HttpOnly: true, Secure: s.sessionCookie(r).Secure, SameSite: http.SameSiteLaxMode})
	http.Redirect(w, r, to, http.StatusSeeOther)
}

// oidcCallback completes the login (GET /anmelden/oidc/antwort): the
// account is found or linked by package account; a complete session of
// the same account is upgraded in place (new id, same session, so a draft
// goes on), otherwise a new session starts.
func (s *Handler) oidcCallback(w http.ResponseWriter, r *http.Request) {
	if s.d.SSO == nil || s.d.Accounts == nil {
		s.fail(w, r, fault.New(fault.NotFound, "no identity provider is configured"))
		return
	}
	http.SetCookie(w, &http.Cookie{Name: oidcCookie, Path: "/anmelden/oidc/antwort", MaxAge: -1})
	flow, ok := readFlow(r)
	q := r.URL.Query()
	if !ok || q.Get("error") != "" {
		s.oidcFailed(w, r, "account.sso.failed", flow.Next)
		return
	}
	id, err := s.d.SSO.Finish(r.Context(), flow, s.oidcRedirect(r), q.Get("state"), q.Get("code"))
	if errors.Is(err, sso.ErrLevelTooLow) {
		s.oidcFailed(w, r, "account.sso.too_weak", flow.Next)
		return
	}
	if err != nil {
		s.log.Info("oidc login failed", "err", err)
		s.oidcFailed(w, r, "account.sso.failed", flow.Next)
		return
	}
	how, err := s.oidcLogin(w, r, id)
	if errors.Is(err, account.ErrStaffExternal) {
		s.oidcFailed(w, r, "account.sso.staff", flow.Next)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if note, ok := linkingNotes[how]; ok {
		// What happened to an account with the address is told on "Mein
		// Konto" before anything else.
		http.Redirect(w, r, "/konto?hinweis="+note, http.StatusSeeOther)
		return
	}
	// Staff never log in through the provider (ErrStaffExternal above).
	http.Redirect(w, r, afterLogin(account.Account{Kind: account.KindCitizen}, account.StageComplete, flow.Next), http.StatusSeeOther)
}

// linkingNotes are the hinweis values of /konto that tell what a first
// provider login did with an account found by its address.
var linkingNotes = map[account.Linking]string{
	account.DiscardedUnverified: "unbestaetigt-verworfen",
	account.StaffNotLinked:      "dienstkonto-getrennt",
}

// oidcLogin links id to its account and upgrades or starts the session.
func (s *Handler) oidcLogin(w http.ResponseWriter, r *http.Request, id sso.Identity) (account.Linking, error) {
	tenantID, _ := s.tenant(r)
	in := account.ExternalLogin{TenantID: tenantID, Issuer: id.Issuer, Subject: id.Subject, Email: id.Email,
		EmailVerified: id.EmailVerified, Name: id.Name}
	v := visitorOf(r.Context())
	if v.Complete() {
		in.CurrentAccountID = v.Account.ID
	}
	a, how, err := s.d.Accounts.LoginExternal(r.Context(), in)
	if err != nil {
		return how, err
	}
	if v.Complete() && v.Account.ID == a.ID && id.Level >= v.Session.Level {
		token, err := s.d.Accounts.Upgrade(r.Context(), v.Token, tenantID, a.ID, id.Level, account.MethodExternal)
		if err == nil {
			http.SetCookie(w, s.sessionCookie(r).New(token))
		}
		return how, err
	}
	_, err = s.startSession(w, r, a, id.Level, account.MethodExternal)
	return how, err
}

func readFlow(r *http.Request) (sso.Flow, bool) {
	var f sso.Flow
	c, err := r.Cookie(oidcCookie)
	if err != nil {
		return f, false
	}
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil || json.Unmarshal(b, &f) != nil {
		return sso.Flow{}, false
	}
	f.Next = safeNext(f.Next)
	return f, true
}

// oidcFailed shows the login page with what went wrong.
func (s *Handler) oidcFailed(w http.ResponseWriter, r *http.Request, key, next string) {
	f := newForm(r)
	f.Alert, f.Next = fieldMsg{Key: key}, next
	s.render(w, r, http.StatusUnauthorized, "account_login", s.loginData(r, f))
}
