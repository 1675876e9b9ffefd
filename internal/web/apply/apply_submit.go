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
	if err := s.submit(w, r, r.PostFormValue("einwilligung") == "ja", r.PostFormValue("schluessel")); err != nil {
		s.fail(w, r, err)
	}
}

// submit submits the request's draft with consent and the idempotency
// key and answers with the receipt's address or the review with the
// errors; the form's POST and the waiting room's turn both end here. An
// error it returns is not answered yet.
func (s *Handler) submit(w http.ResponseWriter, r *http.Request, consent bool, key string) error {
	ap, err := s.loadApplicant(r)
	if err != nil {
		return err
	}
	def, err := s.d.Apply.Definition(r.Context(), ap.App)
	if err != nil {
		return err
	}
	receipt := draftPath(ap.App.ID) + "/eingangsbestaetigung"
	if !consent && ap.App.Status != "submitted" {
		s.refuseSubmit(w, r, ap, []summaryError{{Href: "#consent", Text: s.msgs.T(s.lang(r), "apply.review.consent.error")}}, "")
		return nil
	}
	_, err = s.d.Apply.Submit(r.Context(), ap.App.ID, ap.Owner, key)
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
		return err
	}
	return nil
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
