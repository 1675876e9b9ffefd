package backoffice

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// inboxPerPage is the inbox's page size.
const inboxPerPage = 25

// inboxPage is the data of backoffice_inbox.html: the staff member's
// inbox (Posteingang) with its filter form, counts per status and pager.
type inboxPage struct {
	Form       inboxForm
	Rows       []inboxRow
	Total      int
	Counts     []statusCount
	Procedures []casework.ProcedureOption
	Statuses   []casework.Status
	Sorts      []casework.Sort
	Pager      pager
	IsHead     bool // heads of unit see the statistics link
}

// inboxForm is the filter as the query string gives it.
type inboxForm struct {
	Status    string // one status or "" for all
	Procedure string
	Assigned  string // "", "me", "unassigned"
	Overdue   bool
	DueSoon   bool
	From, To  string // YYYY-MM-DD, "" for open
	Search    string
	Sort      string
	Desc      bool
}

// inboxRow is one case of the list.
type inboxRow struct {
	casework.Case
	Href     string
	Received string
	Deadline string
	Badges   []badge
}

// statusCount is one tab of the status counts.
type statusCount struct {
	Status  casework.Status
	N       int
	Href    string
	Current bool
}

// inbox shows GET /verwaltung: the cases the staff member may see
// (casework decides which), filtered, searched, sorted and paged.
func (s *Handler) inbox(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r.Context())
	if len(staff.Authorities()) == 0 {
		s.fail(w, r, fault.New(fault.Forbidden, "no case worker or head of unit role"))
		return
	}
	q := r.URL.Query()
	form, f, err := parseInbox(q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	page, _ := strconv.Atoi(q.Get("seite"))
	page = max(page, 1)
	f.Limit, f.Offset = inboxPerPage, (page-1)*inboxPerPage
	res, err := s.d.Cases.Inbox(r.Context(), staff, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	procs, err := s.d.Cases.Procedures(r.Context(), staff)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := inboxPage{Form: form, Total: res.Total, Procedures: procs, Statuses: casework.Statuses(),
		Sorts:  []casework.Sort{casework.SortReceived, casework.SortDeadline, casework.SortReference, casework.SortStatus, casework.SortApplicant},
		Pager:  newPager("/verwaltung", q, page, (res.Total+inboxPerPage-1)/inboxPerPage),
		IsHead: slices.ContainsFunc(staff.Authorities(), staff.IsHead)}
	t := s.tr(r)
	for _, c := range res.Cases {
		data.Rows = append(data.Rows, inboxRow{Case: c, Href: caseURL(c.Reference, ""),
			Received: berlinDate(c.ReceivedAt), Deadline: berlinDate(c.Deadline), Badges: caseBadges(t, c)})
	}
	for _, st := range casework.Statuses() {
		v := cloneValues(q)
		v.Del("seite")
		v.Set("status", string(st))
		data.Counts = append(data.Counts, statusCount{Status: st, N: res.Counts[st], Href: "/verwaltung?" + v.Encode(),
			Current: form.Status == string(st)})
	}
	s.render(w, r, http.StatusOK, "backoffice_inbox", data)
}

// parseInbox reads the filter from the query string.
func parseInbox(q url.Values) (inboxForm, casework.Filter, error) {
	form := inboxForm{Status: q.Get("status"), Procedure: q.Get("verfahren"), Assigned: q.Get("zuweisung"),
		Overdue: q.Get("ueberfaellig") == "1", DueSoon: q.Get("bald") == "1", From: q.Get("von"), To: q.Get("bis"),
		Search: q.Get("q"), Sort: q.Get("sortierung"), Desc: q.Get("absteigend") == "1"}
	f := casework.Filter{ProcedureID: form.Procedure, Overdue: form.Overdue, DueSoon: form.DueSoon,
		Search: form.Search, Sort: casework.Sort(form.Sort), Desc: form.Desc}
	if form.Status != "" {
		if !slices.Contains(casework.Statuses(), casework.Status(form.Status)) {
			return form, f, errBadRequest("unknown status")
		}
		f.Status = []casework.Status{casework.Status(form.Status)}
	}
	switch casework.Assigned(form.Assigned) {
	case casework.AssignedAny, casework.AssignedMe, casework.AssignedNone:
		f.Assigned = casework.Assigned(form.Assigned)
	default:
		return form, f, errBadRequest("unknown assignment filter")
	}
	var err error
	if f.ReceivedFrom, err = parseDay(form.From); err != nil {
		return form, f, err
	}
	if f.ReceivedTo, err = parseDay(form.To); err != nil {
		return form, f, err
	}
	if !f.ReceivedTo.IsZero() {
		f.ReceivedTo = f.ReceivedTo.AddDate(0, 0, 1) // "bis" includes that day
	}
	return form, f, nil
}

// parseDay reads a YYYY-MM-DD date as the start of that day in Berlin.
func parseDay(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, v, berlinLoc())
	if err != nil {
		return t, errBadRequest("dates are YYYY-MM-DD")
	}
	return t, nil
}

func cloneValues(q url.Values) url.Values {
	v := url.Values{}
	for k, vs := range q {
		v[k] = slices.Clone(vs)
	}
	return v
}
