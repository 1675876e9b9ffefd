package apply

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// submitApplication handles POST /antraege/{id}/einreichen. The hidden
// idempotency key makes a double click or a retry harmless: apply returns
// the same receipt. The consent box must be ticked; a key already used
// for another submission shows apply's conflict, translated.
func (s *Handler) submitApplication(w http.ResponseWriter, r *http.Request) {
	ap, err := s.loadApplicant(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	def, err := s.d.Apply.Definition(r.Context(), ap.App)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	receipt := draftPath(ap.App.ID) + "/eingangsbestaetigung"
	consent := r.PostFormValue("einwilligung") == "ja"
	if !consent && ap.App.Status != "submitted" {
		s.refuseSubmit(w, r, ap, []summaryError{{Href: "#consent", Text: s.msgs.T(s.lang(r), "apply.review.consent.error")}}, "")
		return
	}
	_, err = s.d.Apply.Submit(r.Context(), ap.App.ID, ap.Owner, r.PostFormValue("schluessel"))
	var fe *fault.Error
	switch {
	case err == nil:
		s.confirmGuest(r, ap)
		http.Redirect(w, r, receipt, http.StatusSeeOther)
	case fault.Is(err, fault.Conflict):
		s.refuseSubmit(w, r, ap, nil, s.msgs.T(s.lang(r), "apply.review.conflict"))
	case asFault(err, &fe) && fe.Code == fault.Invalid && len(fe.Fields) > 0:
		s.refuseSubmit(w, r, ap, s.submitErrors(r, ap, def, fe.Fields), "")
	default:
		s.fail(w, r, err)
	}
}

// refuseSubmit shows the review again with the errors or the conflict.
func (s *Handler) refuseSubmit(w http.ResponseWriter, r *http.Request, ap applicant, errs []summaryError, conflict string) {
	def, err := s.d.Apply.Definition(r.Context(), ap.App)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if conflict != "" {
		errs = append(errs, summaryError{Href: "#submit", Text: conflict})
	}
	p, err := s.reviewView(r, ap, def, errs)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Consent = r.PostFormValue("einwilligung") == "ja"
	status := http.StatusUnprocessableEntity
	if conflict != "" {
		status = http.StatusConflict
	}
	s.render(w, r, status, "apply_review", p)
}
