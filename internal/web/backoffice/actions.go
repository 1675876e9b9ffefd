package backoffice

import (
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/i18n"
)

// caseAction runs one action on the path's case: resolve the principal
// and the case (NotFound for what staff may not see), call casework,
// then redirect to the case page with the success message (303), or show
// the page again with the action's errors, which link to its form. The
// notice takes the focus (autofocus); the redirect has no fragment,
// since browsers skip autofocus on a page opened at a fragment.
func (s *Handler) caseAction(w http.ResponseWriter, r *http.Request, form, done string,
	fn func(staff casework.Staff, c casework.Case) error) {
	staff, c, ok := s.caseOf(w, r, false)
	if !ok {
		return
	}
	err := fn(staff, c)
	if err == nil {
		http.Redirect(w, r, caseURL(c.Reference, "")+"?erledigt="+done, http.StatusSeeOther)
		return
	}
	status := statusOf(err)
	if status == http.StatusNotFound || status >= 500 {
		s.fail(w, r, err)
		return
	}
	if c, err2 := s.d.Cases.Get(r.Context(), staff, c.ID); err2 == nil {
		p, err2 := s.casePage(r, staff, c)
		if err2 == nil {
			p.Errors, p.ErrorIn = s.actionErrors(r, err), form
			for k := range r.PostForm {
				p.Form[k] = r.PostForm.Get(k)
			}
			s.render(w, r, status, "backoffice_case", p)
			return
		}
	}
	s.fail(w, r, err)
}

// actionErrors are the translated texts of a failed action: one per
// field error, else one for the kind of failure.
func (s *Handler) actionErrors(r *http.Request, err error) []string {
	t := s.tr(r)
	var fe *fault.Error
	var out []string
	if errors.As(err, &fe) {
		for _, f := range fe.Fields {
			out = append(out, fieldText(t, f))
		}
	}
	if len(out) == 0 {
		out = append(out, t("backoffice.error."+string(fault.CodeOf(err))))
	}
	return out
}

// fieldText is the text of one field error: a text over its limit says
// the limit, a refused file the mailbox's own text for its reason (type,
// size, count), else the field's.
func fieldText(t func(string, ...any) string, f fault.FieldError) string {
	if s, ok := noticeFieldText(t, f); ok {
		return s
	}
	if f.Key == "field.too_long" {
		return t("backoffice.too_long."+f.Field, "max", f.Args["max"])
	}
	if f.Field == "files" {
		if s := t("mailbox.error." + f.Key); !strings.Contains(s, i18n.MissingMarker) {
			return s
		}
	}
	return t("backoffice.field." + f.Field)
}

// claimCase handles POST .../uebernehmen: a case worker takes the case.
func (s *Handler) claimCase(w http.ResponseWriter, r *http.Request) {
	s.caseAction(w, r, "actions", "claim", func(staff casework.Staff, c casework.Case) error {
		_, err := s.d.Cases.Claim(r.Context(), staff, c.ID)
		return err
	})
}

// assignCase handles POST .../zuweisen: the head of unit (re)assigns.
func (s *Handler) assignCase(w http.ResponseWriter, r *http.Request) {
	s.caseAction(w, r, "actions", "assign", func(staff casework.Staff, c casework.Case) error {
		_, err := s.d.Cases.Assign(r.Context(), staff, c.ID, formInt64(r, "assignee"))
		return err
	})
}

// moveCase handles POST .../status: review, resume or close.
func (s *Handler) moveCase(w http.ResponseWriter, r *http.Request) {
	s.caseAction(w, r, "actions", "move", func(staff casework.Staff, c casework.Case) error {
		_, err := s.d.Cases.Move(r.Context(), staff, c.ID, casework.Action(r.FormValue("action")), strings.TrimSpace(r.FormValue("reason")))
		return err
	})
}

// addNote handles POST .../vermerke: an internal note.
func (s *Handler) addNote(w http.ResponseWriter, r *http.Request) {
	s.caseAction(w, r, "notes", "note", func(staff casework.Staff, c casework.Case) error {
		_, err := s.d.Cases.AddNote(r.Context(), staff, c.ID, r.FormValue("body"))
		return err
	})
}

// requestInfo handles POST .../nachforderungen: documents or information
// from the applicant by a due date; the case waits.
func (s *Handler) requestInfo(w http.ResponseWriter, r *http.Request) {
	s.caseAction(w, r, "requests", "request", func(staff casework.Staff, c casework.Case) error {
		in := casework.RequestInput{Subject: strings.TrimSpace(r.FormValue("subject")), Body: strings.TrimSpace(r.FormValue("body"))}
		if d, err := time.ParseInLocation(time.DateOnly, r.FormValue("due"), berlinLoc()); err == nil {
			in.Due = d.Add(24*time.Hour - time.Second) // the whole due day
		}
		_, err := s.d.Cases.RequestInfo(r.Context(), staff, c.ID, in)
		return err
	})
}

// forwardCase handles POST .../abgeben: hand over to another authority.
func (s *Handler) forwardCase(w http.ResponseWriter, r *http.Request) {
	s.caseAction(w, r, "forward", "forward", func(staff casework.Staff, c casework.Case) error {
		_, err := s.d.Cases.Forward(r.Context(), staff, c.ID, formInt64(r, "authority"), strings.TrimSpace(r.FormValue("reason")))
		return err
	})
}

// legalHold handles POST .../loeschsperre: set or lift the legal hold.
func (s *Handler) legalHold(w http.ResponseWriter, r *http.Request) {
	s.caseAction(w, r, "hold-title", "hold", func(staff casework.Staff, c casework.Case) error {
		return s.d.Cases.SetLegalHold(r.Context(), staff, c.ID, r.FormValue("on") == "1", strings.TrimSpace(r.FormValue("reason")))
	})
}
