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
// inbox (Posteingang) with its counts per status, filter form, bulk
// actions and keyset pager.
type inboxPage struct {
	Form        inboxForm
	Rows        []inboxRow
	Total       string // formatted, "10.000+" when capped
	TotalN      int
	Counts      []inboxCount
	Procedures  []casework.ProcedureOption
	Statuses    []casework.Status
	Signals     []casework.Signal
	Sorts       []casework.Sort
	Assignees   []casework.Assignee // heads of unit: whom the checked cases may go to
	Prev, Next  string              // the neighbouring pages, "" for none
	IsHead      bool                // heads of unit see the statistics link and bulk assignment
	MaxWarn     int                 // the longest window a staff member may choose
	DefaultWarn int                 // the configured window (--inbox-warn-days)
}

// inboxForm is the filter as the query string gives it.
type inboxForm struct {
	Status    string // one status or "" for all
	Procedure string
	Assigned  string // "", "me", "unassigned"
	Signal    string
	WarnDays  string // "" for the default
	From, To  string // YYYY-MM-DD, "" for open
	Search    string
	Sort      string
	Desc      bool
}

// inbox shows GET /verwaltung: the cases the staff member may see
// (casework decides which), filtered, searched, sorted and paged by
// keyset. A query with "ansicht=1" is the filter form (or a link of this
// page): it is kept as the staff member's view; another query with a
// filter (a link to a search) is shown as it is; a query without any
// shows the kept view. "zuruecksetzen=1" forgets the view.
func (s *Handler) inbox(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r.Context())
	if len(staff.Authorities()) == 0 {
		s.fail(w, r, fault.New(fault.Forbidden, "no case worker or head of unit role"))
		return
	}
	q := r.URL.Query()
	if q.Get("zuruecksetzen") == "1" {
		if err := s.d.Cases.ResetInboxView(r.Context(), staff); err != nil {
			s.fail(w, r, err)
			return
		}
		http.Redirect(w, r, "/verwaltung", http.StatusSeeOther)
		return
	}
	form, f, err := s.inboxFilter(r, staff, q)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Limit, f.After, f.Before = inboxPerPage, q.Get("nach"), q.Get("vor")
	res, err := s.d.Cases.Inbox(r.Context(), staff, f)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data, err := s.inboxData(r, staff, form, res)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "backoffice_inbox", data)
}

// inboxFilter is the filter of the request: the form's, which is then
// kept as the staff member's view, or the kept view.
func (s *Handler) inboxFilter(r *http.Request, staff casework.Staff, q url.Values) (inboxForm, casework.Filter, error) {
	saved, err := s.d.Cases.InboxView(r.Context(), staff)
	if err != nil {
		return inboxForm{}, casework.Filter{}, err
	}
	if q.Get("ansicht") != "1" && !slices.ContainsFunc(inboxKeys, q.Has) {
		f := saved.Apply(casework.Filter{})
		return formOf(f), f, nil
	}
	form, f, err := parseInbox(q)
	if err != nil || q.Get("ansicht") != "1" {
		return form, f, err // a link with a filter of its own (a search) leaves the view alone
	}
	if v := viewOf(f); v != saved {
		err = s.d.Cases.SaveInboxView(r.Context(), staff, v)
	}
	return form, f, err
}

// inboxKeys are the query parameters of the inbox's filter.
var inboxKeys = []string{"status", "verfahren", "zuweisung", "signal", "tage", "von", "bis", "q", "sortierung", "absteigend"}

// inboxData fills the page around one page of the inbox.
func (s *Handler) inboxData(r *http.Request, staff casework.Staff, form inboxForm, res casework.Page) (inboxPage, error) {
	procs, err := s.d.Cases.Procedures(r.Context(), staff)
	if err != nil {
		return inboxPage{}, err
	}
	assignees, err := s.d.Cases.InboxAssignees(r.Context(), staff)
	if err != nil {
		return inboxPage{}, err
	}
	lang := string(s.lang(r))
	data := inboxPage{Form: form, Total: countText(lang, res.Total, res.TotalCapped), TotalN: res.Total,
		Procedures: procs, Statuses: casework.Statuses(), Signals: casework.Signals(), Sorts: casework.Sorts(),
		Assignees: assignees, IsHead: slices.ContainsFunc(staff.Authorities(), staff.IsHead), MaxWarn: casework.MaxWarnDays,
		DefaultWarn: s.d.Cases.WarnDays()}
	base := form.values()
	if res.Prev != "" {
		data.Prev = inboxURL(base, "vor", res.Prev)
	}
	if res.Next != "" {
		data.Next = inboxURL(base, "nach", res.Next)
	}
	t := s.tr(r)
	for _, c := range res.Cases {
		data.Rows = append(data.Rows, newInboxRow(t, c))
	}
	for _, st := range casework.Statuses() {
		v := cloneValues(base)
		v.Set("status", string(st))
		n := res.Counts[st]
		data.Counts = append(data.Counts, inboxCount{Status: st, N: countText(lang, n, n >= casework.CountCap),
			Href: "/verwaltung?" + v.Encode(), Current: form.Status == string(st)})
	}
	return data, nil
}

// parseInbox reads the filter from the query string.
func parseInbox(q url.Values) (inboxForm, casework.Filter, error) {
	form := inboxForm{Status: q.Get("status"), Procedure: q.Get("verfahren"), Assigned: q.Get("zuweisung"),
		Signal: q.Get("signal"), WarnDays: q.Get("tage"), From: q.Get("von"), To: q.Get("bis"),
		Search: q.Get("q"), Sort: q.Get("sortierung"), Desc: q.Get("absteigend") == "1"}
	f := casework.Filter{ProcedureID: form.Procedure, Signal: casework.Signal(form.Signal),
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
	if form.WarnDays != "" {
		n, err := strconv.Atoi(form.WarnDays)
		if err != nil || n < 1 || n > casework.MaxWarnDays {
			return form, f, fault.Fields("the warning window is 1 to 60 days",
				fault.FieldError{Field: "warnDays", Key: "field.invalid", Text: "the warning window is 1 to 60 days"})
		}
		f.WarnDays = n
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
