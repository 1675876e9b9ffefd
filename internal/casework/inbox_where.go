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
	scope, args := staff.scope(1)
	w := &where{parts: []string{scope}, args: args}
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
	signalCond(w, f.Signal, s.now(), s.window(f.WarnDays))
	if !f.ReceivedFrom.IsZero() {
		w.add("c.received_at >= " + w.arg(f.ReceivedFrom.UTC()))
	}
	if !f.ReceivedTo.IsZero() {
		w.add("c.received_at < " + w.arg(f.ReceivedTo.UTC()))
	}
	if q := strings.TrimSpace(f.Search); q != "" {
		ref := w.arg("%" + strings.ToUpper(store.EscapeLike(q)) + "%")
		name := w.arg("%" + store.EscapeLike(fold(q)) + "%")
		w.add(`UPPER(c.reference) LIKE ` + ref + ` ESCAPE '\' OR c.applicant_folded LIKE ` + name + ` ESCAPE '\'`)
	}
	return w
}

// counts counts the cases staff may see per status under f's other
// conditions, each up to CountCap, in one statement: per status a scalar
// subquery over at most CountCap rows of the (tenant, authority, status)
// index, so the cost is bounded at any volume.
func (s *Service) counts(ctx context.Context, staff Staff, f Filter) (map[Status]int, error) {
	w := s.where(staff, f)
	cond := w.sql()
	all := Statuses()
	cols := make([]string, len(all))
	for i, st := range all {
		cols[i] = fmt.Sprintf(`(SELECT COUNT(*) FROM (SELECT 1 FROM case_record c WHERE %s AND c.status = %s LIMIT %d) t%d)`,
			cond, w.arg(string(st)), CountCap, i)
	}
	n := make([]int, len(all))
	dest := make([]any, len(all))
	for i := range n {
		dest[i] = &n[i]
	}
	if err := s.db.QueryRowContext(ctx, `SELECT `+strings.Join(cols, ", "), w.args...).Scan(dest...); err != nil {
		return nil, fmt.Errorf("casework: inbox counts: %w", err)
	}
	out := make(map[Status]int, len(all))
	for i, st := range all {
		out[st] = n[i]
	}
	return out, nil
}
