package casework

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Assigned filters the inbox by assignment.
type Assigned string

// The assignment filters.
const (
	AssignedAny  Assigned = ""           // all visible cases
	AssignedMe   Assigned = "me"         // assigned to the staff member
	AssignedNone Assigned = "unassigned" // not assigned to anyone
)

// Sort orders the inbox.
type Sort string

// The inbox orders; each has a stable tie-breaker on the case id, which
// keyset paging needs.
const (
	SortReceived  Sort = "received" // by receipt (default: oldest first, newest with Desc)
	SortDeadline  Sort = "deadline" // by processing deadline, cases without one last
	SortReference Sort = "reference"
	SortStatus    Sort = "status" // by status, then receipt
	SortApplicant Sort = "applicant"
)

// Sorts lists the inbox orders.
func Sorts() []Sort {
	return []Sort{SortReceived, SortDeadline, SortReference, SortStatus, SortApplicant}
}

// MaxPage is the largest page of the inbox.
const MaxPage = 500

// Filter narrows the inbox (Posteingang). The zero value lists every
// visible case, oldest received first, 50 per page.
type Filter struct {
	Status      []Status
	ProcedureID string
	AuthorityID int64 // one of the staff member's authorities; 0 for all
	Assigned    Assigned
	// Signal keeps only the cases showing that signal (Signale); "" for all.
	Signal Signal
	// WarnDays is the "due soon" window in days (1 to MaxWarnDays); 0 is
	// Config.WarnBefore. See Flags.DeadlineSoon.
	WarnDays int
	// ReceivedFrom and ReceivedTo bound the receipt time (from inclusive,
	// to exclusive); zero for open.
	ReceivedFrom time.Time
	ReceivedTo   time.Time
	// Search matches the reference number and the applicant's name
	// (case-insensitive, umlauts folded).
	Search string
	Sort   Sort
	Desc   bool
	Limit  int // default 50, at most MaxPage
	// After is Page.Next of the previous call: the page after that row
	// (keyset paging, no OFFSET). Before is Page.Prev: the page before.
	// At most one of them; "" for the first page.
	After  string
	Before string
}

// Page is one page of the inbox.
type Page struct {
	Cases []Case
	// Counts are the cases staff may see per status (for the tabs) under
	// the filter's procedure, authority and assignment — not its signal,
	// dates or search —, each counted up to CountCap: a count of CountCap
	// means "CountCap or more". Total is their sum over the filter's
	// statuses (all without one), capped the same way; -1 when the filter
	// has a signal, dates or a search, which the counts do not cover.
	Counts map[Status]int
	Total  int
	// TotalCapped reports that Total is a lower bound.
	TotalCapped bool
	// Next and Prev are the cursors of the following and the preceding
	// page (Filter.After, Filter.Before); "" where there is none.
	Next, Prev string
}

// Inbox lists the cases staff may see, filtered, sorted and paged by
// keyset. The scope comes from staff (its tenant, authorities and roles),
// never from the filter.
func (s *Service) Inbox(ctx context.Context, staff Staff, f Filter) (Page, error) {
	if err := f.check(); err != nil {
		return Page{}, err
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	counts, err := s.counts(ctx, staff, f)
	if err != nil {
		return Page{}, err
	}
	p := Page{Counts: counts}
	p.Total, p.TotalCapped = totalOf(counts, f.Status)
	if f.narrowed() {
		p.Total, p.TotalCapped = -1, false
	}
	cases, err := s.inboxRows(ctx, staff, f)
	if err != nil {
		return Page{}, err
	}
	p.Cases, p.Next, p.Prev = pageOf(cases, f)
	return p, nil
}

// check refuses what the inbox cannot answer, with the field at fault.
func (f Filter) check() error {
	var errs []fault.FieldError
	bad := func(field, text string) {
		errs = append(errs, fault.FieldError{Field: field, Key: "field.invalid", Text: text})
	}
	if f.Limit > MaxPage {
		bad("limit", fmt.Sprintf("at most %d cases per page", MaxPage))
	}
	if f.Sort != "" && !slices.Contains(Sorts(), f.Sort) {
		bad("sort", "unknown order")
	}
	if f.Signal != "" && !slices.Contains(Signals(), f.Signal) {
		bad("signal", "unknown signal")
	}
	if f.WarnDays < 0 || f.WarnDays > MaxWarnDays {
		bad("warnDays", fmt.Sprintf("the warning window is 1 to %d days", MaxWarnDays))
	}
	if f.After != "" && f.Before != "" {
		bad("after", "a page is after or before a case, not both")
	}
	if len(errs) > 0 {
		return fault.Fields("the inbox filter is invalid", errs...)
	}
	return nil
}

// inboxRow is a case of the inbox with its sort key that Case lacks.
type inboxRow struct {
	Case
	folded string // applicant_folded
}

// inboxRows reads one more row than the page holds (to know whether
// another page follows), from the cursor on, in the cursor's direction.
func (s *Service) inboxRows(ctx context.Context, staff Staff, f Filter) ([]inboxRow, error) {
	q, args, err := s.inboxQuery(staff, f)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("casework: inbox: %w", err)
	}
	window := s.window(f.WarnDays)
	return store.Collect(rows, nil, func(row store.Row) (inboxRow, error) {
		var r inboxRow
		var unread any
		c, err := scanCase(extraScan{row, []any{&unread, &r.folded}})
		if err != nil {
			return r, fmt.Errorf("casework: inbox scan: %w", err)
		}
		if c.UnreadSince, err = anyTime(unread); err != nil {
			return r, err
		}
		c.Flags = s.flagsWithin(c, window)
		r.Case = c
		return r, nil
	})
}

// inboxQuery is the statement of one page: the scope and filter, the
// keyset condition from the cursor, the order and a LIMIT (no OFFSET).
func (s *Service) inboxQuery(staff Staff, f Filter) (string, []any, error) {
	w := s.where(staff, f)
	if len(f.Status) > 0 {
		w.add("c.status IN (" + w.list(statusArgs(f.Status)) + ")")
	}
	back := f.Before != ""
	if raw := f.After + f.Before; raw != "" {
		cur, err := decodeCursor(raw, f)
		if err != nil {
			return "", nil, err
		}
		w.add(keysetAfter(w, f, cur, back))
	}
	q := `SELECT ` + caseColumns + `, c.unread_since, c.applicant_folded` + caseFrom + ` WHERE ` + w.sql() +
		` ORDER BY ` + orderBy(f, back) + fmt.Sprintf(` LIMIT %d`, f.Limit+1)
	return q, w.args, nil
}

// extraScan scans a row's further columns after the Case's.
type extraScan struct {
	row   interface{ Scan(...any) error }
	extra []any
}

func (e extraScan) Scan(dest ...any) error { return e.row.Scan(append(dest, e.extra...)...) }

// pageOf trims the extra row and sets the cursors: rows read backwards
// are put back in the page's order.
func pageOf(rows []inboxRow, f Filter) (cases []Case, next, prev string) {
	more := len(rows) > f.Limit
	if more {
		rows = rows[:f.Limit]
	}
	back := f.Before != ""
	if back {
		slices.Reverse(rows)
	}
	for _, r := range rows {
		cases = append(cases, r.Case)
	}
	if len(rows) == 0 {
		return cases, "", ""
	}
	first, last := encodeCursor(f, rows[0]), encodeCursor(f, rows[len(rows)-1])
	switch {
	case back:
		next = last
		if more {
			prev = first
		}
	default:
		if more {
			next = last
		}
		if f.After != "" {
			prev = first
		}
	}
	return cases, next, prev
}

// totalOf sums the counts of the statuses (all without any).
func totalOf(counts map[Status]int, st []Status) (int, bool) {
	if len(st) == 0 {
		st = Statuses()
	}
	n, capped := 0, false
	for _, s := range st {
		n += counts[s]
		capped = capped || counts[s] >= CountCap
	}
	return n, capped
}

func statusArgs(st []Status) []any {
	out := make([]any, len(st))
	for i, s := range st {
		out[i] = string(s)
	}
	return out
}

// where collects AND-ed conditions with numbered arguments.
type where struct {
	parts []string
	args  []any
}

func (w *where) add(cond string) { w.parts = append(w.parts, cond) }

func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return fmt.Sprintf("$%d", len(w.args))
}

func (w *where) list(vs []any) string {
	ph := make([]string, len(vs))
	for i, v := range vs {
		ph[i] = w.arg(v)
	}
	return strings.Join(ph, ", ")
}

func (w *where) sql() string { return "(" + strings.Join(w.parts, ") AND (") + ")" }
