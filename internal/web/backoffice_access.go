package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// staffOf resolves the back office principal of the request: without a
// complete login it sends the visitor to the login page (and back) and
// returns false; a login that is not an active staff account of the
// host's tenant gets 403. What the staff member may see and do follows
// from the principal (casework.Staff), never from the handler.
func (s *Server) staffOf(w http.ResponseWriter, r *http.Request) (casework.Staff, bool) {
	if s.d.Cases == nil {
		s.fail(w, r, fault.New(fault.NotFound, "the back office is not available"))
		return casework.Staff{}, false
	}
	v := visitorOf(r.Context())
	if !v.Complete() {
		if r.Method == http.MethodGet {
			loginFirst(w, r)
		} else {
			http.Redirect(w, r, "/anmelden", http.StatusSeeOther)
		}
		return casework.Staff{}, false
	}
	if v.Account.Kind != account.KindStaff {
		s.fail(w, r, fault.New(fault.Forbidden, "the back office is for staff"))
		return casework.Staff{}, false
	}
	staff, err := s.d.Cases.Staff(r.Context(), v.Session.TenantID, v.Account.ID)
	if err != nil {
		s.fail(w, r, err)
		return casework.Staff{}, false
	}
	return staff, true
}

// caseOf resolves the case of the path's {ref} for staff; NotFound for
// anything staff may not see. A page view is audited ("case.view");
// actions audit themselves.
func (s *Server) caseOf(w http.ResponseWriter, r *http.Request, view bool) (casework.Staff, casework.Case, bool) {
	staff, ok := s.staffOf(w, r)
	if !ok {
		return staff, casework.Case{}, false
	}
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
func (s *Server) tr(r *http.Request) func(string, ...any) string {
	lang := s.lang(r)
	return func(key string, args ...any) string { return s.msgs.T(lang, key, args...) }
}
