package casework

import (
	"context"
	"fmt"
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

// The inbox orders; each has a stable tie-breaker on the case id.
const (
	SortReceived  Sort = "received" // by receipt (default: newest first with Desc)
	SortDeadline  Sort = "deadline" // by processing deadline, cases without one last
	SortReference Sort = "reference"
	SortStatus    Sort = "status"
	SortApplicant Sort = "applicant"
)

// Filter narrows the inbox (Posteingang). The zero value lists every
// visible case, oldest received first, 50 per page.
type Filter struct {
	Status      []Status
	ProcedureID string
	AuthorityID int64 // one of the staff member's authorities; 0 for all
	Assigned    Assigned
	Overdue     bool // only open cases past their deadline
	DueSoon     bool // only open cases within the warning period before the deadline
	// ReceivedFrom and ReceivedTo bound the receipt time (from inclusive,
	// to exclusive); zero for open.
	ReceivedFrom time.Time
	ReceivedTo   time.Time
	// Search matches the reference number and the applicant's name
	// (case-insensitive, umlauts folded).
	Search string
	Sort   Sort
	Desc   bool
	Limit  int // default 50, at most 500
	Offset int
}

// Page is one page of the inbox with the total and the counts per status
// of all cases matching the filter except its status filter (for tabs).
type Page struct {
	Cases  []Case
	Total  int
	Counts map[Status]int
}

// Inbox lists the cases staff may see, filtered, sorted and paged. The
// scope comes from staff (its tenant, authorities and roles), never from
// the filter.
func (s *Service) Inbox(ctx context.Context, staff Staff, f Filter) (Page, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	if f.Limit > 500 {
		return Page{}, fault.New(fault.Invalid, "at most 500 cases per page")
	}
	counts, err := s.counts(ctx, staff, f)
	if err != nil {
		return Page{}, err
	}
	p := Page{Counts: counts}
	w := s.where(staff, f)
	if len(f.Status) > 0 {
		w.add("c.status IN (" + w.list(statusArgs(f.Status)) + ")")
	}
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_record c WHERE `+w.sql(), w.args...).Scan(&p.Total); err != nil {
		return Page{}, fmt.Errorf("casework: inbox count: %w", err)
	}
	q := `SELECT ` + caseColumns + caseFrom + ` WHERE ` + w.sql() + ` ORDER BY ` + order(f) +
		fmt.Sprintf(` LIMIT %d OFFSET %d`, f.Limit, max(f.Offset, 0))
	rows, err := s.db.QueryContext(ctx, q, w.args...)
	if err != nil {
		return Page{}, fmt.Errorf("casework: inbox: %w", err)
	}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		c, err := scanCase(row)
		if err != nil {
			return fmt.Errorf("casework: inbox scan: %w", err)
		}
		c.Flags = s.flags(c)
		p.Cases = append(p.Cases, c)
		return nil
	})
	return p, err
}

// counts counts the cases staff may see per status, under f's other
// conditions.
func (s *Service) counts(ctx context.Context, staff Staff, f Filter) (map[Status]int, error) {
	w := s.where(staff, f)
	rows, err := s.db.QueryContext(ctx, `SELECT c.status, COUNT(*) FROM case_record c WHERE `+w.sql()+` GROUP BY c.status`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("casework: inbox counts: %w", err)
	}
	out := map[Status]int{}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var st Status
		var n int
		if err := row.Scan(&st, &n); err != nil {
			return err
		}
		out[st] = n
		return nil
	})
	return out, err
}

// where builds the condition: the staff scope first, then the filter.
func (s *Service) where(staff Staff, f Filter) *where {
	scope, args := staff.scope(1)
	w := &where{parts: []string{scope}, args: args}
	now := s.now()
	if f.ProcedureID != "" {
		w.add("c.procedure_id = " + w.arg(f.ProcedureID))
	}
	if f.AuthorityID != 0 {
		w.add("c.authority_id = " + w.arg(f.AuthorityID))
	}
	switch f.Assigned {
	case AssignedMe:
		w.add("c.assignee_id = " + w.arg(staff.AccountID))
	case AssignedNone:
		w.add("c.assignee_id IS NULL")
	}
	open := "c.status IN ('received', 'in_review', 'waiting')"
	if f.Overdue {
		w.add(open + " AND c.deadline_at < " + w.arg(now))
	}
	if f.DueSoon {
		w.add(open + " AND c.deadline_at >= " + w.arg(now) + " AND c.deadline_at <= " + w.arg(now.Add(s.cfg.WarnBefore)))
	}
	if !f.ReceivedFrom.IsZero() {
		w.add("c.received_at >= " + w.arg(f.ReceivedFrom.UTC()))
	}
	if !f.ReceivedTo.IsZero() {
		w.add("c.received_at < " + w.arg(f.ReceivedTo.UTC()))
	}
	if q := strings.TrimSpace(f.Search); isReference(q) { // search.go
		w.add("c.reference = " + w.arg(strings.ToUpper(q)))
	} else if q != "" {
		ref := w.arg("%" + strings.ToUpper(store.EscapeLike(q)) + "%")
		name := w.arg("%" + store.EscapeLike(fold(q)) + "%")
		w.add(`(UPPER(c.reference) LIKE ` + ref + ` ESCAPE '\' OR c.applicant_folded LIKE ` + name + ` ESCAPE '\')`)
	}
	return w
}

func order(f Filter) string {
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	switch f.Sort {
	case SortDeadline:
		return "CASE WHEN c.deadline_at IS NULL THEN 1 ELSE 0 END, c.deadline_at" + dir + ", c.id" + dir
	case SortReference:
		return "c.reference" + dir + ", c.id" + dir
	case SortStatus:
		return "c.status" + dir + ", c.received_at, c.id"
	case SortApplicant:
		return "c.applicant_folded" + dir + ", c.id" + dir
	}
	return "c.received_at" + dir + ", c.id" + dir
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
