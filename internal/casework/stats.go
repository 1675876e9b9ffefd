package casework

import (
	"cmp"
	"context"
	"errors"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// StatsWeeks is how many weeks the statistics look back: the current
// week and the eleven before it.
const StatsWeeks = 12

// StatsFilter narrows the statistics within what the staff member may
// see (StatsScope); it never widens them.
type StatsFilter struct {
	AuthorityID int64  // one authority of the scope; 0 for the whole scope
	ProcedureID string // "" for all procedures
}

// Stats are the statistics (Kennzahlen) of the authorities in a staff
// member's scope, optionally of one authority and one procedure, over the
// last StatsWeeks weeks up to now.
type Stats struct {
	Scope StatsScope
	// Open counts the open cases (received, in review, waiting) by status.
	Open map[Status]int
	// Weeks are the ISO weeks of the period, oldest first.
	Weeks []Week
	// Decided counts the cases decided in the period, whose lead times
	// (Bearbeitungsdauer, receipt to decision) are measured.
	Decided int
	// MedianDays and P90Days are the median and 90th percentile of the
	// lead times of the cases decided in the period, in days; 0 without
	// decisions.
	MedianDays float64
	P90Days    float64
	// ByProcedure and ByAuthority are the lead times per procedure and per
	// authority, ordered by their key.
	ByProcedure []LeadTime
	ByAuthority []LeadTime
	// Overdue counts the open cases past their deadline.
	Overdue int
	// Procedures are the procedures with open cases or decisions in the
	// period in the scope, whatever the procedure filter: the choices of
	// the filter.
	Procedures []ProcedureOption
}

// Week is one ISO week (Kalenderwoche) of the series.
type Week struct {
	Year, Week int
	Start      time.Time // Monday 00:00 Europe/Berlin
	Received   int       // cases received in the week
	Decided    int       // cases decided in the week
	// Backlog is the number of open cases at the week's end (for the
	// current week: now), the Rückstand.
	Backlog int
	// finished counts the cases decided, or closed without a decision,
	// in the week: what left the backlog.
	finished int
}

// LeadTime is the lead time of the cases of one procedure or authority
// decided in the period.
type LeadTime struct {
	ProcedureID string // set in Stats.ByProcedure
	AuthorityID int64  // set in Stats.ByAuthority
	Decided     int
	MedianDays  float64
	P90Days     float64
}

// Statistics computes the statistics staff may see: case workers those of
// their own authorities (units), heads of unit those of the authorities
// they head, tenant admins those of the whole tenant. A filter outside the
// scope is fault.Forbidden; staff without any is fault.Forbidden.
func (s *Service) Statistics(ctx context.Context, staff Staff, f StatsFilter) (Stats, error) {
	scope, err := s.statsScope(ctx, staff, f.AuthorityID)
	if err != nil {
		return Stats{}, err
	}
	now := s.now()
	q := statsQuery{scope: scope, procedureID: f.ProcedureID, now: now, weeks: weeks(now, StatsWeeks)}
	st := Stats{Scope: scope, Open: map[Status]int{}, Weeks: q.weeks}
	// The parts read different indexes and write different fields of st:
	// they run at once, each on its own connection.
	open, lead := map[string]bool{}, map[string]bool{}
	var wg sync.WaitGroup
	errs := make([]error, 3)
	wg.Go(func() { errs[0] = s.openCounts(ctx, q, &st, open) })
	wg.Go(func() { errs[1] = s.weekCounts(ctx, q, st.Weeks) })
	wg.Go(func() { errs[2] = s.leadTimes(ctx, q, &st, lead) })
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return Stats{}, err
	}
	backlog(&st)
	maps.Copy(open, lead)
	st.Procedures = s.procedureOptions(ctx, open)
	return st, nil
}

// procedureOptions names the procedures with their current German title
// (the id when the procedure is not published nationwide), by title.
func (s *Service) procedureOptions(ctx context.Context, ids map[string]bool) []ProcedureOption {
	out := make([]ProcedureOption, 0, len(ids))
	for id := range ids {
		o := ProcedureOption{ID: id, Title: id}
		if v, err := procedure.Latest(ctx, s.db, id); err == nil && v.Title != "" {
			o.Title = v.Title
		}
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b ProcedureOption) int { return cmp.Or(cmp.Compare(a.Title, b.Title), cmp.Compare(a.ID, b.ID)) })
	return out
}

// weeks lists the n ISO weeks (Monday starts, Berlin time) up to the one
// containing now, oldest first.
func weeks(now time.Time, n int) []Week {
	loc := berlin()
	d := now.In(loc)
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
	d = d.AddDate(0, 0, -((int(d.Weekday())+6)%7)-7*(n-1))
	out := make([]Week, n)
	for i := range out {
		y, w := d.ISOWeek()
		out[i] = Week{Year: y, Week: w, Start: d}
		d = d.AddDate(0, 0, 7)
	}
	return out
}

// backlog derives each week's end backlog from the open cases now: the
// cases received after the week's end did not count then, those finished
// after it still did.
func backlog(st *Stats) {
	open := 0
	for _, n := range st.Open {
		open += n
	}
	for i := len(st.Weeks) - 1; i >= 0; i-- {
		st.Weeks[i].Backlog = open
		open += st.Weeks[i].finished - st.Weeks[i].Received
	}
}
