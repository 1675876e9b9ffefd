package casework

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// StatsFilter selects the cases of the statistics. The scope comes from
// the staff member; only heads of unit get statistics.
type StatsFilter struct {
	AuthorityID int64  // one authority the staff member heads; 0 for all they head
	ProcedureID string // "" for all procedures
	// From and To bound the weeks of the received/decided series
	// (default: the last 12 weeks up to now).
	From time.Time
	To   time.Time
}

// Stats are the statistics of an authority (or all authorities a head of
// unit heads) and optionally one procedure.
type Stats struct {
	// Open counts the open cases (received, in review, waiting) by status.
	Open map[Status]int
	// Weeks are the ISO weeks from From to To with the cases received and
	// decided in each, oldest first.
	Weeks []Week
	// Decided counts the decided cases whose processing time is measured.
	Decided int
	// MedianDays and P90Days are the median and 90th percentile of the
	// processing time (receipt to decision) in days; 0 without decisions.
	MedianDays float64
	P90Days    float64
	// Overdue counts the open cases past their deadline.
	Overdue int
}

// Week is one ISO week of the series.
type Week struct {
	Year, Week int
	Start      time.Time // Monday 00:00 Europe/Berlin
	Received   int
	Decided    int
}

// Statistics computes the statistics for a head of unit; anyone else is
// fault.Forbidden.
func (s *Service) Statistics(ctx context.Context, staff Staff, f StatsFilter) (Stats, error) {
	heads := staff.heads()
	if f.AuthorityID != 0 {
		if !staff.IsHead(f.AuthorityID) {
			return Stats{}, fault.New(fault.Forbidden, "statistics are for the authority's head of unit")
		}
		heads = NewStaff(staff.TenantID, staff.AccountID, staff.Name, nil).withHead(f.AuthorityID)
	}
	if len(heads.Authorities()) == 0 {
		return Stats{}, fault.New(fault.Forbidden, "statistics are for heads of unit")
	}
	now := s.now()
	if f.To.IsZero() {
		f.To = now
	}
	if f.From.IsZero() {
		f.From = f.To.AddDate(0, 0, -7*11)
	}
	rows, err := s.statRows(ctx, heads, f.ProcedureID)
	if err != nil {
		return Stats{}, err
	}
	return aggregate(rows, f, now), nil
}

// heads returns a principal with only the head-of-unit roles of staff.
func (staff Staff) heads() Staff {
	out := NewStaff(staff.TenantID, staff.AccountID, staff.Name, nil)
	for id := range staff.roles {
		if staff.IsHead(id) {
			out = out.withHead(id)
		}
	}
	return out
}

func (staff Staff) withHead(authorityID int64) Staff {
	staff.roles[authorityID] = append(staff.roles[authorityID], "head_of_unit")
	return staff
}

type statRow struct {
	status   Status
	received time.Time
	decided  time.Time
	deadline time.Time
}

func (s *Service) statRows(ctx context.Context, heads Staff, procedureID string) ([]statRow, error) {
	scope, args := heads.scope(1)
	q := `SELECT c.status, c.received_at, c.decided_at, c.deadline_at FROM case_record c WHERE ` + scope
	if procedureID != "" {
		args = append(args, procedureID)
		q += fmt.Sprintf(" AND c.procedure_id = $%d", len(args))
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("casework: statistics: %w", err)
	}
	return store.Collect(rows, nil, func(row store.Row) (statRow, error) {
		var r statRow
		var decided, deadline sql.NullTime
		if err := row.Scan(&r.status, &r.received, &decided, &deadline); err != nil {
			return r, err
		}
		r.received, r.decided, r.deadline = r.received.UTC(), timeOf(decided), timeOf(deadline)
		return r, nil
	})
}

func aggregate(rows []statRow, f StatsFilter, now time.Time) Stats {
	st := Stats{Open: map[Status]int{}, Weeks: weeks(f.From, f.To)}
	var days []float64
	for _, r := range rows {
		if r.status.Open() {
			st.Open[r.status]++
			if !r.deadline.IsZero() && now.After(r.deadline) {
				st.Overdue++
			}
		}
		countWeek(st.Weeks, r.received, func(w *Week) { w.Received++ })
		if !r.decided.IsZero() {
			countWeek(st.Weeks, r.decided, func(w *Week) { w.Decided++ })
			days = append(days, r.decided.Sub(r.received).Hours()/24)
		}
	}
	st.Decided = len(days)
	st.MedianDays, st.P90Days = percentile(days, 0.5), percentile(days, 0.9)
	return st
}

// weeks lists the ISO weeks (Monday starts, Berlin time) touching from..to.
func weeks(from, to time.Time) []Week {
	loc := berlin()
	d := from.In(loc)
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
	d = d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	var out []Week
	for ; !d.After(to); d = d.AddDate(0, 0, 7) {
		y, w := d.ISOWeek()
		out = append(out, Week{Year: y, Week: w, Start: d})
	}
	return out
}

func countWeek(ws []Week, t time.Time, fn func(*Week)) {
	for i := range ws {
		if !t.Before(ws[i].Start) && t.Before(ws[i].Start.AddDate(0, 0, 7)) {
			fn(&ws[i])
			return
		}
	}
}

// percentile is the nearest-rank percentile of xs (p in 0..1), rounded to
// a tenth of a day.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(math.Ceil(p*float64(len(s)))) - 1
	return math.Round(s[max(i, 0)]*10) / 10
}
