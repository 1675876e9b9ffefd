package apply

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/mail"
)

// confirmGuest queues the confirmation e-mail of a guest's submission,
// once (apply.ConfirmGuest), in the page's language and signed with the
// tenant's name. It links to the portal's start page only: the guest's
// personal link is theirs alone and never sent by e-mail; the mail says to
// keep the one shown on the receipt page. A failure is logged, not shown:
// the submission stands either way.
func (s *Handler) confirmGuest(r *http.Request, ap applicant) {
	if s.d.Mailer == nil || !ap.App.Guest() {
		return
	}
	msg := mail.Message{Kind: mail.ApplicationReceived, Lang: mail.Lang(s.lang(r)),
		Data: mail.Data{Link: s.baseURL(r) + "/", Portal: s.newView(r, nil).Tenant.Name, Guest: true}}
	err := s.d.Apply.ConfirmGuest(r.Context(), ap.App.ID, ap.Owner, s.d.Mailer, msg)
	if err != nil {
		s.log.Error("queue guest confirmation", "application", ap.App.ID, "err", err)
	}
}
