package apply

import (
	"errors"
	"net/http"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/mail"
)

// mailboxGuestPage is the data of mailbox_guest.html: the form that gives
// a guest the secret link to their mailbox, and the link once made.
type mailboxGuestPage struct {
	Action string
	Email  string
	Error  string // message key
	Link   string // the new link, shown once
	// Existing says a link exists already: a new one revokes it, so the
	// page says so, and Confirm asks once more before it happens.
	Existing bool
	Confirm  bool
	Receipt  string // the way back without a change
}

// mailboxGuest shows GET /antraege/{id}/postfach: for a guest (with the
// resume cookie of the submitted application) the form for the mailbox
// link; an account goes straight to its mailbox.
func (s *Handler) mailboxGuest(w http.ResponseWriter, r *http.Request) {
	ap, err := s.loadApplicant(r)
	if err != nil || s.d.Mailbox == nil || ap.App.Status != apply.Submitted {
		s.fail(w, r, fault.New(fault.NotFound, "no such application"))
		return
	}
	if !ap.Owner.Guest() {
		http.Redirect(w, r, "/postfach/"+r.PathValue("id"), http.StatusSeeOther)
		return
	}
	existing, err := s.d.Mailbox.HasGuestLink(r.Context(), ap.App.ID, ap.Owner)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "mailbox_guest", mailboxGuestPage{Action: r.URL.Path, Existing: existing,
		Receipt: draftPath(ap.App.ID) + "/eingangsbestaetigung"})
}

// mailboxGuestPost handles POST /antraege/{id}/postfach: a new mailbox
// link with the optional notification address. When a link exists, the
// new one revokes it; that happens only with bestaetigt=ja, sent by the
// confirmation step this handler shows first (a plain form, no script).
func (s *Handler) mailboxGuestPost(w http.ResponseWriter, r *http.Request) {
	ap, err := s.loadApplicant(r)
	if err != nil || s.d.Mailbox == nil {
		s.fail(w, r, fault.New(fault.NotFound, "no such application"))
		return
	}
	p := mailboxGuestPage{Action: r.URL.Path, Email: r.PostFormValue("email"), Receipt: draftPath(ap.App.ID) + "/eingangsbestaetigung"}
	if r.PostFormValue("bestaetigt") != "ja" {
		if p.Existing, err = s.d.Mailbox.HasGuestLink(r.Context(), ap.App.ID, ap.Owner); err != nil {
			s.fail(w, r, err)
			return
		}
		if p.Existing { // revoking the link in use: ask first, change nothing yet
			p.Confirm = true
			s.render(w, r, http.StatusOK, "mailbox_guest", p)
			return
		}
	}
	secret, err := s.d.Mailbox.GuestLink(r.Context(), ap.App.ID, ap.Owner, p.Email, mail.Lang(s.lang(r)))
	var fe *fault.Error
	if errors.As(err, &fe) && len(fe.Fields) > 0 {
		p.Error = "mailbox.error." + fe.Fields[0].Key
		s.render(w, r, http.StatusUnprocessableEntity, "mailbox_guest", p)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Link = s.hostURL(r) + "/postfach/gast/" + secret // the tenant's own host, which selects it
	s.render(w, r, http.StatusOK, "mailbox_guest", p)
}
