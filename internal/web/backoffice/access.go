package backoffice

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/amtsweg/amtsweg/internal/casework"
)

// caseOf resolves the case of the path's {ref} for the staff principal
// of the request (routes behind the staff guard); NotFound for anything
// staff may not see. A page view is audited ("case.view"); actions audit
// themselves.
func (s *Handler) caseOf(w http.ResponseWriter, r *http.Request, view bool) (casework.Staff, casework.Case, bool) {
	staff := staffFrom(r.Context())
	get := s.d.Cases.ByReference
	if view {
		get = s.d.Cases.View
	}
	c, err := get(r.Context(), staff, r.PathValue("ref"))
	if err != nil {
		s.fail(w, r, err)
		return staff, c, false
	}
	return staff, c, true
}

// caseURL is the case page's address, with an optional fragment.
func caseURL(ref, fragment string) string {
	u := "/verwaltung/vorgaenge/" + url.PathEscape(ref)
	if fragment != "" {
		u += "#" + fragment
	}
	return u
}

// formInt64 reads a positive integer form value; 0 when absent or bad.
func formInt64(r *http.Request, name string) int64 {
	n, err := strconv.ParseInt(r.FormValue(name), 10, 64)
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// berlinTime formats t as a German-style date and time in Europe/Berlin.
func berlinTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(berlinLoc()).Format("02.01.2006 15:04")
}

// berlinDate formats t as a date in Europe/Berlin.
func berlinDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(berlinLoc()).Format("02.01.2006")
}

func berlinLoc() *time.Location {
	if loc, err := time.LoadLocation("Europe/Berlin"); err == nil {
		return loc
	}
	return time.UTC
}

// badge is a marker of a case (overdue, deadline, Genehmigungsfiktion,
// clearing): an icon and a text, never colour alone.
type badge struct {
	Level string // KERN badge and icon variant: danger, warning, info
	Text  string
}

// caseBadges are c's markers in the view's language.
func caseBadges(v func(string, ...any) string, c casework.Case) []badge {
	var out []badge
	add := func(on bool, level, key string) {
		if on {
			out = append(out, badge{Level: level, Text: v(key)})
		}
	}
	add(c.Clearing, "info", "backoffice.flag.clearing")
	add(c.Flags.FictionReached, "danger", "backoffice.flag.fiction_reached")
	add(c.Flags.Overdue && !c.Flags.FictionReached, "danger", "backoffice.flag.overdue")
	add(c.Flags.FictionAtRisk, "warning", "backoffice.flag.fiction_at_risk")
	add(c.Flags.DeadlineSoon && !c.Flags.FictionAtRisk, "warning", "backoffice.flag.deadline_soon")
	add(c.Flags.RequestOverdue, "warning", "backoffice.flag.request_overdue")
	return out
}

// tr returns the translate function of the request's language.
func (s *Handler) tr(r *http.Request) func(string, ...any) string {
	lang := s.lang(r)
	return func(key string, args ...any) string { return s.msgs.T(lang, key, args...) }
}
