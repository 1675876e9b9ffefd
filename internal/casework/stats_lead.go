package casework

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/store"
)

// leadTenths is a case's lead time (receipt to decision) in tenths of a
// day, rounded half up (the same rule on both engines: floor(x + 0.5),
// as a cast truncates a positive number); the one named difference
// between the engines.
var leadTenths = map[store.Dialect]string{
	store.Postgres: `CAST(FLOOR(date_part('epoch', c.decided_at - c.received_at) / 8640 + 0.5) AS BIGINT)`,
	store.SQLite:   `CAST((julianday(c.decided_at) - julianday(c.received_at)) * 10 + 0.5 AS INTEGER)`,
}

// leadBin is the number of cases of one procedure and authority decided
// in the period with one lead time.
type leadBin struct {
	procedureID string
	authorityID int64
	tenths      int64
	n           int
}

// leadTimes measures the lead times of the cases decided in the period:
// overall, per procedure and per authority. The database counts the cases
// per procedure, authority and lead time (a histogram in tenths of a day,
// read from the index (tenant_id, authority_id, decided_at, received_at,
// procedure_id) alone), so a year of cases never travels to the process;
// the nearest-rank percentiles are taken from the histogram, the same on
// both engines. Every procedure with decisions is noted in procs.
func (s *Service) leadTimes(ctx context.Context, q statsQuery, st *Stats, procs map[string]bool) error {
	where, args := q.scope.where("")
	args = append(args, q.weeks[0].Start.UTC())
	d := leadTenths[s.db.Dialect]
	rows, err := s.db.QueryContext(ctx, `SELECT c.procedure_id, c.authority_id, `+d+`, COUNT(*) FROM case_record c
		WHERE c.tenant_id = $1`+where+` AND c.decided_at >= $`+strconv.Itoa(len(args))+`
		GROUP BY c.procedure_id, c.authority_id, `+d, args...)
	bins, err := store.Collect(rows, err, func(row store.Row) (leadBin, error) {
		var b leadBin
		return b, row.Scan(&b.procedureID, &b.authorityID, &b.tenths, &b.n)
	})
	if err != nil {
		return wrapStats("lead times", err)
	}
	var kept []leadBin
	for _, b := range bins {
		procs[b.procedureID] = true
		if q.procedureID == "" || q.procedureID == b.procedureID {
			kept = append(kept, b)
		}
	}
	if all := groupLead(kept, func(leadBin) LeadTime { return LeadTime{} }); len(all) == 1 {
		st.Decided, st.MedianDays, st.P90Days = all[0].Decided, all[0].MedianDays, all[0].P90Days
	}
	st.ByProcedure = groupLead(kept, func(b leadBin) LeadTime { return LeadTime{ProcedureID: b.procedureID} })
	st.ByAuthority = groupLead(kept, func(b leadBin) LeadTime { return LeadTime{AuthorityID: b.authorityID} })
	return nil
}

// groupLead computes the lead time of each group (key gives a bin's
// group), ordered by procedure, then authority.
func groupLead(bins []leadBin, key func(leadBin) LeadTime) []LeadTime {
	hist := map[LeadTime]map[int64]int{}
	for _, b := range bins {
		k := key(b)
		if hist[k] == nil {
			hist[k] = map[int64]int{}
		}
		hist[k][b.tenths] += b.n
	}
	out := make([]LeadTime, 0, len(hist))
	for k, h := range hist {
		for _, n := range h {
			k.Decided += n
		}
		k.MedianDays, k.P90Days = percentile(h, k.Decided, 0.5), percentile(h, k.Decided, 0.9)
		out = append(out, k)
	}
	slices.SortFunc(out, func(a, b LeadTime) int {
		return cmp.Or(cmp.Compare(a.ProcedureID, b.ProcedureID), cmp.Compare(a.AuthorityID, b.AuthorityID))
	})
	return out
}

// percentile is the nearest-rank percentile (p in 0..1) of the n values
// counted in hist (tenths of a day → count), in days; 0 for no values.
func percentile(hist map[int64]int, n int, p float64) float64 {
	if n == 0 {
		return 0
	}
	rank := max(int(math.Ceil(p*float64(n))), 1)
	keys := make([]int64, 0, len(hist))
	for k := range hist {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	seen := 0
	for _, k := range keys {
		if seen += hist[k]; seen >= rank {
			return float64(k) / 10
		}
	}
	return float64(keys[len(keys)-1]) / 10
}
