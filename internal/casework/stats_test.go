package casework_test

import (
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// statsNow is the fixed clock of the statistics tests: Wednesday of
// ISO week 13 of 2026; the week began Monday 23 March, 00:00 in Berlin
// (22 March, 23:00 UTC).
var statsNow = time.Date(2026, 3, 25, 12, 0, 0, 0, time.UTC)

// statCase is a case of known timestamps.
type statCase struct {
	authority                           string // "A" or "B"
	status                              casework.Status
	received, decided, closed, deadline string // UTC "2006-01-02 15:04:05"; "" for none
}

func TestStatistics(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		f.statCases(t, []statCase{
			{"A", casework.Received, "2026-03-02 09:00:00", "", "", "2026-03-20 00:00:00"}, // overdue
			{"A", casework.InReview, "2026-03-10 10:00:00", "", "", "2026-06-01 00:00:00"},
			{"A", casework.Waiting, "2026-03-16 10:00:00", "", "", ""},
			{"A", casework.Decided, "2026-02-02 10:00:00", "2026-02-12 10:00:00", "", ""},                   // 10 days
			{"A", casework.Closed, "2026-02-03 10:00:00", "2026-02-23 10:00:00", "2026-03-01 10:00:00", ""}, // 20 days
			{"A", casework.Withdrawn, "2026-03-09 10:00:00", "", "2026-03-18 10:00:00", ""},
			{"A", casework.Decided, "2025-11-03 10:00:00", "2025-12-01 10:00:00", "", ""}, // before the period
			{"A", casework.Received, "2026-03-22 23:00:00", "", "", ""},                   // Monday 00:00 in Berlin: week 13
			{"A", casework.Received, "2026-03-22 22:59:59", "", "", ""},                   // Sunday 23:59:59 in Berlin: week 12
			{"B", casework.Decided, "2026-03-10 10:00:00", "2026-03-12 10:00:00", "", ""},
		})
		f.clock.Set(statsNow)

		st := must(f.s.Statistics(ctx(), f.workerA, casework.StatsFilter{}))(t)
		if st.Open[casework.Received] != 3 || st.Open[casework.InReview] != 1 || st.Open[casework.Waiting] != 1 || st.Overdue != 1 {
			t.Fatalf("open %v overdue %d", st.Open, st.Overdue)
		}
		if st.Decided != 2 || st.MedianDays != 10 || st.P90Days != 20 {
			t.Fatalf("decided %d median %v p90 %v", st.Decided, st.MedianDays, st.P90Days)
		}
		wantWeeks(t, st.Weeks,
			[]int{0, 0, 0, 0, 2, 0, 0, 0, 1, 2, 2, 1},
			[]int{0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0},
			[]int{0, 0, 0, 0, 2, 1, 1, 0, 1, 3, 4, 5})
		if st.Weeks[0].Week != 2 || st.Weeks[11].Week != 13 || !st.Weeks[11].Start.Equal(time.Date(2026, 3, 22, 23, 0, 0, 0, time.UTC)) {
			t.Fatalf("weeks from %+v to %+v", st.Weeks[0], st.Weeks[11])
		}
		if len(st.ByProcedure) != 1 || st.ByProcedure[0] != (casework.LeadTime{ProcedureID: "testverfahren", Decided: 2, MedianDays: 10, P90Days: 20}) {
			t.Fatalf("by procedure %+v", st.ByProcedure)
		}
		if len(st.ByAuthority) != 1 || st.ByAuthority[0].AuthorityID != f.authA {
			t.Fatalf("by authority %+v", st.ByAuthority)
		}
		if st.Scope.Heads || st.Scope.Tenant {
			t.Fatalf("a case worker's scope %+v", st.Scope)
		}
		head := must(f.s.Statistics(ctx(), f.headA, casework.StatsFilter{}))(t)
		if head.Decided != 2 || head.Open[casework.Received] != 3 || !head.Scope.Heads {
			t.Fatalf("head of unit: %+v", head)
		}
		none := must(f.s.Statistics(ctx(), f.headA, casework.StatsFilter{ProcedureID: "elterngeld"}))(t)
		if none.Decided != 0 || len(none.Open) != 0 || none.Weeks[4].Received != 0 {
			t.Fatalf("another procedure: %+v", none)
		}
		if len(none.Procedures) != 1 || none.Procedures[0] != (casework.ProcedureOption{ID: "testverfahren", Title: "Testgenehmigung"}) {
			t.Fatalf("the filter's procedures: %+v", none.Procedures)
		}
	})
}

// TestStatisticsScope: a case worker sees the figures of their own units
// only, whatever authority the filter names; the tenant admin sees the
// tenant; nobody sees another tenant's.
func TestStatisticsScope(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		f.statCases(t, []statCase{
			{"A", casework.Decided, "2026-03-02 10:00:00", "2026-03-06 10:00:00", "", ""},
			{"B", casework.Decided, "2026-03-10 10:00:00", "2026-03-12 10:00:00", "", ""},
			{"B", casework.Received, "2026-03-10 10:00:00", "", "", ""},
		})
		f.clock.Set(statsNow)
		for _, tt := range []struct {
			name string
			who  casework.Staff
			auth int64
			code fault.Code
		}{
			{"case worker of A asks for B", f.workerA, f.authB, fault.Forbidden},
			{"head of A asks for B", f.headA, f.authB, fault.Forbidden},
			{"other tenant's worker asks for A", f.workerO, f.authA, fault.Forbidden},
			{"tenant admin asks for another tenant's authority", f.admin, f.authO, fault.NotFound},
			{"no role", f.staff(t, f.tenant, "Rolf Rollenlos"), 0, fault.Forbidden},
		} {
			t.Run(tt.name, func(t *testing.T) {
				_, err := f.s.Statistics(ctx(), tt.who, casework.StatsFilter{AuthorityID: tt.auth})
				wantCode(t, err, tt.code)
			})
		}
		b := must(f.s.Statistics(ctx(), f.workerB, casework.StatsFilter{AuthorityID: f.authB}))(t)
		if b.Decided != 1 || b.MedianDays != 2 || b.Open[casework.Received] != 1 {
			t.Fatalf("B as its case worker: %+v", b)
		}
		a := must(f.s.Statistics(ctx(), f.workerA, casework.StatsFilter{}))(t)
		if a.Decided != 1 || a.MedianDays != 4 || len(a.Open) != 0 {
			t.Fatalf("A as its case worker: %+v", a)
		}
		all := must(f.s.Statistics(ctx(), f.admin, casework.StatsFilter{}))(t)
		if !all.Scope.Tenant || all.Decided != 2 || len(all.ByAuthority) != 2 || all.Open[casework.Received] != 1 {
			t.Fatalf("tenant admin: %+v", all)
		}
		onlyB := must(f.s.Statistics(ctx(), f.admin, casework.StatsFilter{AuthorityID: f.authB}))(t)
		if onlyB.Scope.Tenant || onlyB.Decided != 1 {
			t.Fatalf("tenant admin, unit B: %+v", onlyB)
		}
		other := must(f.s.Statistics(ctx(), f.workerO, casework.StatsFilter{}))(t)
		if other.Decided != 0 || len(other.Open) != 0 {
			t.Fatalf("the other tenant sees %+v", other)
		}
	})
}

func wantWeeks(t *testing.T, ws []casework.Week, received, decided, backlog []int) {
	t.Helper()
	if len(ws) != casework.StatsWeeks {
		t.Fatalf("%d weeks", len(ws))
	}
	for i, w := range ws {
		if w.Received != received[i] || w.Decided != decided[i] || w.Backlog != backlog[i] {
			t.Errorf("week %d (KW %d): received %d decided %d backlog %d, want %d %d %d",
				i, w.Week, w.Received, w.Decided, w.Backlog, received[i], decided[i], backlog[i])
		}
	}
}

// statCases creates the cases and writes their status and timestamps.
func (f *fx) statCases(t *testing.T, cs []statCase) {
	t.Helper()
	at := func(s string) any {
		if s == "" {
			return nil
		}
		v, err := time.Parse(time.DateTime, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, sc := range cs {
		auth := map[string]int64{"A": f.authA, "B": f.authB}[sc.authority]
		c := f.newCase(t, auth, "Statistik "+sc.received)
		if _, err := f.db.ExecContext(ctx(), `UPDATE case_record SET status = $1, received_at = $2, decided_at = $3, closed_at = $4,
			deadline_at = $5 WHERE id = $6 AND tenant_id = $7`, sc.status, at(sc.received), at(sc.decided), at(sc.closed),
			at(sc.deadline), c.ID, f.tenant); err != nil {
			t.Fatal(err)
		}
	}
}

// TestStatisticsLeadRounding: lead times with fractions of a second are
// measured to a tenth of a day, a half tenth rounded up, on both engines.
func TestStatisticsLeadRounding(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		f.statCases(t, []statCase{
			{"A", casework.Decided, "2026-03-02 10:00:00.25", "2026-03-12 11:12:00.25", "", ""},         // 10.05 days: 10.1
			{"A", casework.Decided, "2026-03-03 08:30:00.123456", "2026-03-06 09:27:36.123456", "", ""}, // 3.04 days: 3.0
		})
		f.clock.Set(statsNow)
		st := must(f.s.Statistics(ctx(), f.headA, casework.StatsFilter{}))(t)
		if st.Decided != 2 || st.MedianDays != 3 || st.P90Days != 10.1 {
			t.Fatalf("decided %d, median %v, p90 %v; want 2, 3, 10.1", st.Decided, st.MedianDays, st.P90Days)
		}
	})
}
