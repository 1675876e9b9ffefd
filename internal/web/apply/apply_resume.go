package apply

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// resumeDraft handles GET /antrag/fortsetzen/{secret}, the guest's resume
// link: it puts the secret into the draft's cookie and continues on the
// page last saved (or shows the receipt once submitted). An unknown,
// expired or revoked link is not found.
func (s *Handler) resumeDraft(w http.ResponseWriter, r *http.Request) {
	if s.d.Apply == nil {
		s.fail(w, r, fault.New(fault.NotFound, "online applications are not available"))
		return
	}
	t, err := s.tenantOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	secret := r.PathValue("secret")
	a, err := s.d.Apply.Resume(r.Context(), t.ID, secret)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setGuestCookie(w, r, a.ID, secret, a.ResumeExpiresAt)
	next := draftPath(a.ID) + "/seiten/" + a.Page
	if a.Status != "draft" {
		next = draftPath(a.ID) + "/eingangsbestaetigung"
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// savedPage is the data of apply_saved.html.
type savedPage struct {
	Procedure string
	Continue  string // the page to go on with
	Resume    *resumeLink
	Guest     bool
}

// showSaved shows GET /antraege/{id}/gespeichert after "save and continue
// later": the resume link for guests, the way back for everyone.
func (s *Handler) showSaved(w http.ResponseWriter, r *http.Request) {
	ap, def, ok := s.draftFor(w, r)
	if !ok {
		return
	}
	p := savedPage{Procedure: def.Title.In(string(s.lang(r))), Continue: draftPath(ap.App.ID) + "/seiten/" + ap.App.Page,
		Resume: s.resumeLink(r, ap), Guest: ap.App.Guest()}
	s.render(w, r, http.StatusOK, "apply_saved", p)
}

// renewLink handles POST /antraege/{id}/link/neu: a new resume link, the
// old one stops working at once.
func (s *Handler) renewLink(w http.ResponseWriter, r *http.Request) {
	ap, _, ok := s.draftFor(w, r)
	if !ok {
		return
	}
	secret, expires, err := s.d.Apply.NewResumeLink(r.Context(), ap.App.ID, ap.Owner)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.setGuestCookie(w, r, ap.App.ID, secret, expires)
	http.Redirect(w, r, draftPath(ap.App.ID)+"/gespeichert", http.StatusSeeOther)
}

// revokeConfirmPage is the data of apply_revoke_confirm.html.
type revokeConfirmPage struct {
	Procedure string
	Action    string // this form again, with bestaetigt=ja
	Back      string // the saved page: keep the link
}

// revokeLink handles POST /antraege/{id}/link/widerrufen: the resume link
// stops working and this browser forgets the draft, which is then deleted
// by the draft cleanup. As that cannot be undone, the first POST only
// shows a confirmation step (a plain form, no script); the revocation
// happens with its bestaetigt=ja.
func (s *Handler) revokeLink(w http.ResponseWriter, r *http.Request) {
	ap, def, ok := s.draftFor(w, r)
	if !ok {
		return
	}
	if r.PostFormValue("bestaetigt") != "ja" {
		s.render(w, r, http.StatusOK, "apply_revoke_confirm", revokeConfirmPage{Procedure: def.Title.In(string(s.lang(r))),
			Action: r.URL.Path, Back: draftPath(ap.App.ID) + "/gespeichert"})
		return
	}
	if err := s.d.Apply.RevokeResumeLink(r.Context(), ap.App.ID, ap.Owner); err != nil {
		s.fail(w, r, err)
		return
	}
	s.clearGuestCookie(w, r, ap.App.ID)
	s.render(w, r, http.StatusOK, "apply_revoked", nil)
}
