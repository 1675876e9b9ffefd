package casework

import (
	"context"
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/store"
)

// where builds the condition: the staff scope first, then the filter
// (without its statuses, which the counts leave out).
func (s *Service) where(staff Staff, f Filter) *where {
	scope := staff.scope
	if s.db.Dialect == store.SQLite {
		// PostgreSQL estimates the COALESCE at 0.5 % and sorts a bitmap
		// of the whole authority instead (volume benchmark).
		scope = staff.pageScope
	}
	w := tabWhere(scope, staff, f)
	signalCond(w, f.Signal, s.now(), s.window(f.WarnDays))
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
		w.add(`UPPER(c.reference) LIKE ` + ref + ` ESCAPE '\' OR c.applicant_folded LIKE ` + name + ` ESCAPE '\'`)
	}
	return w
}

// narrowed reports whether f has conditions beyond the tabs' (signal,
// receipt dates, search): the counts per status do not cover them.
func (f Filter) narrowed() bool {
	return f.Signal != "" || !f.ReceivedFrom.IsZero() || !f.ReceivedTo.IsZero() || strings.TrimSpace(f.Search) != ""
}

// tabWhere is the condition of the counts per status: the staff scope
// (from scope: Staff.scope for the counts, Staff.pageScope for a page),
// procedure, authority and assignment, which the status index answers.
func tabWhere(scope func(next int) (string, []any), staff Staff, f Filter) *where {
	cond, args := scope(1)
	w := &where{parts: []string{cond}, args: args}
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
	return w
}

// counts counts the cases staff may see per status under f's procedure,
// authority and assignment, each up to CountCap, in one statement: per
// status a scalar subquery over at most CountCap entries of the status
// index (which holds the assignee), so the cost is bounded at any volume.
// Signals, dates and search are left out: a rare one would make every
// count scan the whole range.
func (s *Service) counts(ctx context.Context, staff Staff, f Filter) (map[Status]int, error) {
	q, args := s.countsQuery(staff, f)
	all := Statuses()
	n := make([]int, len(all))
	dest := make([]any, len(all))
	for i := range n {
		dest[i] = &n[i]
	}
	if err := s.db.QueryRowContext(ctx, q, args...).Scan(dest...); err != nil {
		return nil, fmt.Errorf("casework: inbox counts: %w", err)
	}
	out := make(map[Status]int, len(all))
	for i, st := range all {
		out[st] = n[i]
	}
	return out, nil
}

// countsQuery is the statement of counts: one capped scalar subquery per
// status.
func (s *Service) countsQuery(staff Staff, f Filter) (string, []any) {
	w := tabWhere(staff.scope, staff, f)
	cond := w.sql()
	all := Statuses()
	cols := make([]string, len(all))
	for i, st := range all {
		cols[i] = fmt.Sprintf(`(SELECT COUNT(*) FROM (SELECT 1 FROM case_record c WHERE %s AND c.status = %s LIMIT %d) t%d)`,
			cond, w.arg(string(st)), CountCap, i)
	}
	return `SELECT ` + strings.Join(cols, ", "), w.args
}
