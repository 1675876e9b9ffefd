package apply

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// reviewPage is the data of apply_review.html ("check your answers").
type reviewPage struct {
	FullTitle string
	Procedure string
	Pages     []reviewSection
	Action    string
	Key       string // idempotency key of this render's submission
	Errors    []summaryError
	Consent   bool   // the consent box was ticked
	Conflict  string // apply's conflict message, translated
}

// Title is the page's <title>.
func (p reviewPage) Title() string { return p.FullTitle }

// reviewSection is one form page in the summary with its "change" link.
type reviewSection struct {
	Title  string
	Change string
	Rows   []apply.Row
}

// showReview shows GET /antraege/{id}/pruefen: all answers per page with
// links to change them, the consent box and the submit button.
func (s *Handler) showReview(w http.ResponseWriter, r *http.Request) {
	ap, def, ok := s.draftFor(w, r)
	if !ok {
		return
	}
	p, err := s.reviewView(r, ap, def, nil)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "apply_review", p)
}

// reviewView builds the review; errs are the submission's errors.
func (s *Handler) reviewView(r *http.Request, ap applicant, def procedure.Definition, errs []summaryError) (reviewPage, error) {
	lang := s.lang(r)
	rows, err := s.d.Apply.Rows(r.Context(), ap.App.ID, ap.Owner, string(lang))
	if err != nil {
		return reviewPage{}, err
	}
	base := draftPath(ap.App.ID)
	p := reviewPage{Procedure: def.Title.In(string(lang)), Action: base + "/einreichen", Key: newSubmitKey(), Errors: errs}
	for _, pg := range rows {
		p.Pages = append(p.Pages, reviewSection{Title: pg.Title, Rows: pg.Rows,
			Change: base + "/seiten/" + pg.PageID + "?zurueck=pruefen"})
	}
	p.FullTitle = s.msgs.T(lang, "apply.page.title", "page", s.msgs.T(lang, "apply.review.heading"), "procedure", p.Procedure)
	if len(errs) > 0 {
		p.FullTitle = s.msgs.T(lang, "apply.error.prefix") + p.FullTitle
	}
	return p, nil
}

// newSubmitKey is a fresh idempotency key (128 random bits).
func newSubmitKey() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// submitErrors links the errors of a refused submission to the pages
// that hold the fields (and back to the review from there).
func (s *Handler) submitErrors(r *http.Request, ap applicant, def procedure.Definition, errs []fault.FieldError) []summaryError {
	lang := s.lang(r)
	var out []summaryError
	for _, e := range errs {
		page := pageOfField(def, e.Field)
		href := draftPath(ap.App.ID) + "/seiten/" + page + "?zurueck=pruefen#" + fieldID(e.Field)
		if page == "" {
			href = "#consent"
		}
		out = append(out, summaryError{Href: href, Text: s.fieldMessage(lang, e)})
	}
	return out
}

// pageOfField finds the page of a field path by its top-level field id.
func pageOfField(def procedure.Definition, path string) string {
	top, _, _ := strings.Cut(path, ".")
	top, _ = splitEntry(top)
	for _, pg := range def.Pages {
		for _, f := range pg.Fields {
			if f.ID == top {
				return pg.ID
			}
		}
	}
	return ""
}
