package apply

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// draftFor loads the request's draft with its definition. An account's
// draft needs a session at the procedure's assurance level (apply's
// rule), else the login page is shown (ok false) and the draft is kept.
// A submitted application redirects to its receipt (ok false).
func (s *Handler) draftFor(w http.ResponseWriter, r *http.Request) (applicant, procedure.Definition, bool) {
	ap, err := s.loadApplicant(r)
	if err != nil {
		s.fail(w, r, err)
		return ap, procedure.Definition{}, false
	}
	def, err := s.d.Apply.Definition(r.Context(), ap.App)
	if err != nil {
		s.fail(w, r, err)
		return ap, def, false
	}
	s.remember(ap.App)
	if ap.App.Status == apply.Submitted {
		http.Redirect(w, r, draftPath(ap.App.ID)+"/eingangsbestaetigung", http.StatusSeeOther)
		return ap, def, false
	}
	return ap, def, true
}

// showPage shows GET /antraege/{id}/seiten/{page}: one page of the form
// with the answers saved so far.
func (s *Handler) showPage(w http.ResponseWriter, r *http.Request) {
	ap, def, ok := s.draftFor(w, r)
	if !ok {
		return
	}
	p, err := s.pageView(r, ap, def, r.PathValue("page"), nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "apply_page", p)
}

// savePage handles POST /antraege/{id}/seiten/{page}: files are streamed
// to apply, the page's answers saved (always, also on "back" and "save
// and continue later"), then the button's action follows: next page, the
// page again with the errors, previous page, an entry added or removed.
func (s *Handler) savePage(w http.ResponseWriter, r *http.Request) {
	ap, def, ok := s.draftFor(w, r)
	if !ok {
		return
	}
	pageID := r.PathValue("page")
	pg, _, _, err := s.pageOf(r.Context(), ap.App, def, pageID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	form, uploadErrs, err := s.readPageForm(w, r, ap, pg)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	r.PostForm = form // read part by part: the maintenance page needs them should saving fail (apply_crisis.go)
	action := form.Get("aktion")
	answers := s.parser(r, form).fields(pg.Fields, "")
	anchor, err := s.entryAction(r, ap, action, answers)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	res, err := s.d.Apply.SavePage(r.Context(), ap.App.ID, ap.Owner, pageID, answers)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.afterSave(w, r, ap, def, res, action, anchor, uploadErrs)
}

// afterSave follows the pressed button once the page is saved.
func (s *Handler) afterSave(w http.ResponseWriter, r *http.Request, ap applicant, def procedure.Definition,
	res apply.SaveResult, action, anchor string, uploadErrs []fault.FieldError) {
	ap.App = res.Application
	var err error
	if ap.App.Attachments, err = s.attachments(r, ap); err != nil {
		s.fail(w, r, err)
		return
	}
	errs := uploadErrs
	if action == "weiter" {
		errs = append(errs, res.Errors...)
	}
	if len(errs) > 0 {
		p, err := s.pageView(r, ap, def, r.PathValue("page"), errs)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusUnprocessableEntity, "apply_page", p)
		return
	}
	next, err := s.nextURL(r, ap, def, action, anchor)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// attachments re-reads the draft's files after an upload or removal.
func (s *Handler) attachments(r *http.Request, ap applicant) ([]apply.Attachment, error) {
	a, err := s.d.Apply.Get(r.Context(), ap.App.ID, ap.Owner)
	return a.Attachments, err
}

// nextURL is where a saved page leads: the next visible page or the
// review (or back to the review when changing from there), the previous
// page, the "saved" page, or the same page at anchor.
func (s *Handler) nextURL(r *http.Request, ap applicant, def procedure.Definition, action, anchor string) (string, error) {
	base, page := draftPath(ap.App.ID), r.PathValue("page")
	visible, err := s.d.Apply.VisiblePages(r.Context(), ap.App)
	if err != nil {
		return "", err
	}
	i := indexOf(visible, page)
	switch {
	case action == "weiter" && r.URL.Query().Get("zurueck") == "pruefen":
		// A change can reveal a page (yes → family members): complete it first.
		next, err := s.d.Apply.PageToComplete(r.Context(), ap.App, page)
		if err != nil || next == "" {
			return base + "/pruefen", err
		}
		return base + "/seiten/" + next + "?zurueck=pruefen", nil
	case action == "weiter" && i == len(visible)-1:
		return base + "/pruefen", nil
	case action == "weiter":
		return base + "/seiten/" + visible[i+1], nil
	case action == "zurueck" && i > 0:
		return base + "/seiten/" + visible[i-1], nil
	case action == "zurueck":
		return "/antrag/" + def.ID, nil
	case action == "speichern":
		return base + "/gespeichert", nil
	}
	return r.URL.RequestURI() + anchor, nil
}

func indexOf(list []string, v string) int {
	for i, x := range list {
		if x == v {
			return i
		}
	}
	return -1
}

// entryAction applies the add/remove buttons of repeatable groups and the
// remove button of an uploaded file; it returns the anchor to return to.
func (s *Handler) entryAction(r *http.Request, ap applicant, action string, answers map[string]any) (string, error) {
	verb, path, _ := strings.Cut(action, ":")
	switch verb {
	case "hinzufuegen":
		n := editList(answers, path, func(l []any) []any { return append(l, map[string]any{}) })
		return "#" + fieldID(fmt.Sprintf("%s[%d]", path, n-1)), nil
	case "entfernen":
		list, idx := splitEntry(path)
		editList(answers, list, func(l []any) []any {
			if idx >= 0 && idx < len(l) {
				return append(l[:idx:idx], l[idx+1:]...)
			}
			return l
		})
		return "#" + fieldID(list), s.removeEntryFiles(r, ap, path)
	case "datei-entfernen":
		var id int64
		if _, err := fmt.Sscan(path, &id); err != nil {
			return "", errBadRequest("no such file")
		}
		return "", s.d.Apply.RemoveUpload(r.Context(), ap.App.ID, ap.Owner, id)
	}
	return "", nil
}

// removeEntryFiles deletes the files uploaded inside a removed entry and
// moves the files of the later entries down with their entries (apply).
func (s *Handler) removeEntryFiles(r *http.Request, ap applicant, entry string) error {
	_, err := s.d.Apply.RemoveEntry(r.Context(), ap.App.ID, ap.Owner, entry)
	return err
}

// parser reads forms of r, resolving place names with the place index:
// a chosen ARS wins, else the place the text means (catalog.ResolvePlace),
// else the text stays as entered and the page offers the matches.
func (s *Handler) parser(r *http.Request, form map[string][]string) formParser {
	ctx := r.Context()
	return formParser{form: form, nameOf: s.placeLabel(ctx), resolve: func(text, chosen string) string {
		if isARS(chosen) {
			return chosen
		}
		if isARS(text) || text == "" {
			return text
		}
		places, err := s.d.Directory.FindPlaces(ctx, text, placeChoiceLimit)
		if err != nil {
			return text
		}
		if p := catalog.ResolvePlace(places); p != nil {
			return p.ARS
		}
		return text
	}}
}

// placeChoiceLimit bounds the places a place field offers to choose from.
const placeChoiceLimit = 20

// placeLabel returns the label of a municipality by ARS ("" if unknown):
// what the place field shows and what its hidden ARS is checked against.
func (s *Handler) placeLabel(ctx context.Context) func(ars string) string {
	return func(ars string) string {
		if p, err := s.d.Directory.Place(ctx, ars); err == nil {
			return p.Label
		}
		return ""
	}
}
