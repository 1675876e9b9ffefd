package casework

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
)

// statsQuery is one computation of the statistics: the scope, the
// procedure filter, the clock and the weeks.
type statsQuery struct {
	scope       StatsScope
	procedureID string
	now         time.Time
	weeks       []Week
}

// openCounts counts the open cases by status and the overdue ones, and
// notes every procedure with open cases (whatever the filter, for the
// filter's list), in one grouped query on the partial index of the open
// cases.
func (s *Service) openCounts(ctx context.Context, q statsQuery, st *Stats, procs map[string]bool) error {
	where, args := q.scope.where("")
	args = append(args, q.now)
	rows, err := s.db.QueryContext(ctx, `SELECT c.status, c.procedure_id, COUNT(*), SUM(CASE WHEN c.deadline_at < $`+fmt.Sprint(len(args))+` THEN 1 ELSE 0 END)
		FROM case_record c WHERE c.tenant_id = $1`+where+` AND c.status IN ('received', 'in_review', 'waiting')
		GROUP BY c.status, c.procedure_id`, args...)
	return wrapStats("open cases", store.ForEach(rows, err, func(row store.Row) error {
		var status Status
		var procedure string
		var n, overdue int
		if err := row.Scan(&status, &procedure, &n, &overdue); err != nil {
			return err
		}
		procs[procedure] = true
		if q.procedureID == "" || q.procedureID == procedure {
			st.Open[status] += n
			st.Overdue += overdue
		}
		return nil
	}))
}

// weekCounts counts per week the cases received, decided and finished
// (decided, or closed without a decision): one grouped range query per
// timestamp, each on its index and at once, the week found by a CASE over
// the week starts (Berlin midnights, so the same on both engines).
func (s *Service) weekCounts(ctx context.Context, q statsQuery, ws []Week) error {
	parts := []struct {
		column, extra string
		add           func(w *Week, n int)
	}{
		{"c.received_at", "", func(w *Week, n int) { w.Received += n }},
		{"c.decided_at", "", func(w *Week, n int) { w.Decided += n; w.finished += n }},
		{"c.closed_at", " AND c.decided_at IS NULL", func(w *Week, n int) { w.finished += n }},
	}
	counts, errs := make([][]int, len(parts)), make([]error, len(parts))
	var wg sync.WaitGroup
	for i, m := range parts {
		wg.Go(func() { counts[i], errs[i] = s.weekCount(ctx, q, m.column, m.extra) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for i, m := range parts {
		for w, n := range counts[i] {
			m.add(&ws[w], n)
		}
	}
	return nil
}

// weekCount counts the cases whose column falls into each week.
func (s *Service) weekCount(ctx context.Context, q statsQuery, column, extra string) ([]int, error) {
	where, args := q.scope.where(q.procedureID)
	var bucket strings.Builder
	bucket.WriteString("CASE")
	for i := 1; i < len(q.weeks); i++ {
		args = append(args, q.weeks[i].Start.UTC())
		fmt.Fprintf(&bucket, " WHEN %s < $%d THEN %d", column, len(args), i-1)
	}
	fmt.Fprintf(&bucket, " ELSE %d END", len(q.weeks)-1)
	args = append(args, q.weeks[0].Start.UTC())
	from := len(args)
	rows, err := s.db.QueryContext(ctx, `SELECT `+bucket.String()+` AS w, COUNT(*) FROM case_record c
		WHERE c.tenant_id = $1`+where+fmt.Sprintf(" AND %s >= $%d", column, from)+extra+` GROUP BY 1`, args...)
	counts := make([]int, len(q.weeks))
	return counts, wrapStats("weeks", store.ForEach(rows, err, func(row store.Row) error {
		var w, n int
		if err := row.Scan(&w, &n); err != nil {
			return err
		}
		if w >= 0 && w < len(counts) {
			counts[w] += n
		}
		return nil
	}))
}

func wrapStats(what string, err error) error {
	if err != nil {
		return fmt.Errorf("casework: statistics: %s: %w", what, err)
	}
	return nil
}
