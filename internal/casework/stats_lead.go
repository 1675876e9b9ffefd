package casework

import (
	"cmp"
	"context"
	"database/sql"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
)

// leadRow is one case decided in the period.
type leadRow struct {
	procedureID string
	authorityID int64
	days        float64
}

// leadTimes measures the lead times (receipt to decision) of the cases
// decided in the period: overall, per procedure and per authority. The
// rows come from the index (tenant_id, authority_id, decided_at, …) that
// covers them; the percentiles are computed here, the same on both
// engines.
func (s *Service) leadTimes(ctx context.Context, q statsQuery, st *Stats) error {
	where, args := q.scope.where(q.procedureID)
	args = append(args, q.weeks[0].Start.UTC())
	rows, err := s.db.QueryContext(ctx, `SELECT c.procedure_id, c.authority_id, c.received_at, c.decided_at FROM case_record c
		WHERE c.tenant_id = $1`+where+` AND c.decided_at >= $`+strconv.Itoa(len(args)), args...)
	decided, err := store.Collect(rows, err, func(row store.Row) (leadRow, error) {
		var r leadRow
		var received time.Time
		var at sql.NullTime
		err := row.Scan(&r.procedureID, &r.authorityID, &received, &at)
		r.days = at.Time.Sub(received).Hours() / 24
		return r, err
	})
	if err != nil {
		return wrapStats("lead times", err)
	}
	all := groupLead(decided, func(leadRow) LeadTime { return LeadTime{} })
	if len(all) == 1 {
		st.Decided, st.MedianDays, st.P90Days = all[0].Decided, all[0].MedianDays, all[0].P90Days
	}
	st.ByProcedure = groupLead(decided, func(r leadRow) LeadTime { return LeadTime{ProcedureID: r.procedureID} })
	st.ByAuthority = groupLead(decided, func(r leadRow) LeadTime { return LeadTime{AuthorityID: r.authorityID} })
	return nil
}

// groupLead computes the lead time of each group (key gives a row's
// group), ordered by procedure, then authority.
func groupLead(rows []leadRow, key func(leadRow) LeadTime) []LeadTime {
	days := map[LeadTime][]float64{}
	for _, r := range rows {
		k := key(r)
		days[k] = append(days[k], r.days)
	}
	out := make([]LeadTime, 0, len(days))
	for k, ds := range days {
		k.Decided, k.MedianDays, k.P90Days = len(ds), percentile(ds, 0.5), percentile(ds, 0.9)
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b LeadTime) int {
		return cmp.Or(cmp.Compare(a.ProcedureID, b.ProcedureID), cmp.Compare(a.AuthorityID, b.AuthorityID))
	})
	return out
}

// percentile is the nearest-rank percentile of xs (p in 0..1), rounded to
// a tenth of a day; 0 for no values.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(math.Ceil(p*float64(len(s)))) - 1
	return math.Round(s[max(i, 0)]*10) / 10
}
