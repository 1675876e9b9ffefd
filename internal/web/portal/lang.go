package portal

import (
	"net/http"
	"time"

	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/web/site"
)

// switchLanguage handles the language switch form (POST /sprache with lang
// and next): it remembers the choice in a cookie and returns to next.
func (s *Handler) switchLanguage(w http.ResponseWriter, r *http.Request) {
	l, ok := i18n.Parse(r.PostFormValue("lang"))
	if !ok {
		s.fail(w, r, errBadRequest("unknown language"))
		return
	}
	if sess, ok := s.session(r); ok && s.d.Accounts != nil {
		// The account's e-mails follow the language it uses; a failure
		// here must not stop the switch itself.
		t, _ := s.tenant(r) // the session is accepted only on its tenant's host
		if err := s.d.Accounts.SetLanguage(r.Context(), t, sess.AccountID, string(l)); err != nil {
			s.log.Warn("remember language", "err", err)
		}
	}
	http.SetCookie(w, &http.Cookie{
		Name: site.LangCookie, Value: string(l), Path: "/",
		MaxAge: int((365 * 24 * time.Hour).Seconds()), HttpOnly: true,
		Secure: s.overTLS(r), SameSite: http.SameSiteLaxMode,
	})
	http.Redirect(w, r, localPath(r.PostFormValue("next")), http.StatusSeeOther)
}
