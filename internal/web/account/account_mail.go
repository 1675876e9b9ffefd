package account

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/mail"
)

// sendMail queues the e-mail the account service asked for, in the
// request's language, with link path+token on the portal's base URL. A
// failure is logged, not shown: the page must look the same either way.
func (s *Handler) sendMail(r *http.Request, m account.Mail, path string) {
	if m.Kind == account.MailNone || s.d.Mailer == nil {
		return
	}
	link := s.baseURL(r) + path
	if m.Token != "" {
		link += "?token=" + m.Token
	}
	msg := mail.Message{To: m.To, Kind: mail.Kind(m.Kind), Lang: mail.Lang(s.lang(r)),
		Data: mail.Data{Link: link, Portal: s.newView(r, nil).Tenant.Name}}
	if _, err := s.d.Mailer.Enqueue(r.Context(), msg); err != nil {
		s.log.Error("queue account mail", "kind", string(m.Kind), "err", err)
	}
}

// mailPath is the page each account mail links to.
func mailPath(k account.MailKind) string {
	switch k {
	case account.MailVerify:
		return "/registrieren/bestaetigen"
	case account.MailReset:
		return "/passwort-neu"
	case account.MailEmailChange:
		return "/konto/email/bestaetigen"
	case account.MailAlreadyRegistered:
		return "/anmelden"
	}
	return "/konto"
}

// needLogin sends a visitor without a complete login to the login page,
// returning afterwards; it reports whether the request may go on.
func (s *Handler) needLogin(w http.ResponseWriter, r *http.Request) (*visitor, bool) {
	v := visitorOf(r.Context())
	if s.d.Accounts == nil {
		s.fail(w, r, fault.New(fault.NotFound, "accounts are not available"))
		return nil, false
	}
	if !v.Complete() {
		http.Redirect(w, r, fmt.Sprintf("/anmelden?next=%s", urlQuery(r.URL.RequestURI())), http.StatusSeeOther)
		return nil, false
	}
	return v, true
}

func urlQuery(s string) string { return url.QueryEscape(s) }
