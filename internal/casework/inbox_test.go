package casework_test

import (
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func TestInboxScoping(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		a1 := f.newCase(t, f.authA, "Jürgen Müller")
		a2 := f.newCase(t, f.authA, "Susanne Schäfer")
		a3 := f.newCase(t, f.authA, "Karl Klein")
		must(f.s.Assign(ctx(), f.headA, a2.ID, f.workerA.AccountID))(t)
		must(f.s.Assign(ctx(), f.headA, a3.ID, f.peerA.AccountID))(t)
		b1 := f.newCase(t, f.authB, "Bärbel Bär")
		oID := f.app(t, f.other, f.authO, "Otto Fremd")
		if err := f.s.OnSubmitted(ctx(), oID); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name   string
			who    casework.Staff
			filter casework.Filter
			want   []int64
		}{
			{"case worker: unassigned and own", f.workerA, casework.Filter{}, []int64{a1.ID, a2.ID}},
			{"case worker: mine", f.workerA, casework.Filter{Assigned: casework.AssignedMe}, []int64{a2.ID}},
			{"case worker: unassigned", f.workerA, casework.Filter{Assigned: casework.AssignedNone}, []int64{a1.ID}},
			{"head of unit: all of the authority", f.headA, casework.Filter{}, []int64{a1.ID, a2.ID, a3.ID}},
			{"head of unit cannot widen to B", f.headA, casework.Filter{AuthorityID: f.authB}, nil},
			{"worker of B", f.workerB, casework.Filter{}, []int64{b1.ID}},
			{"other tenant's worker sees none of ours", f.workerO, casework.Filter{Search: "Müller"}, nil},
			{"search folded name", f.headA, casework.Filter{Search: "MUELLER"}, []int64{a1.ID}},
			{"search umlaut", f.headA, casework.Filter{Search: "schäfer"}, []int64{a2.ID}},
			{"search reference", f.headA, casework.Filter{Search: a3.Reference[3:]}, []int64{a3.ID}},
			{"like wildcards are literal", f.headA, casework.Filter{Search: "%"}, nil},
			{"status filter", f.headA, casework.Filter{Status: []casework.Status{casework.InReview}}, nil},
			{"procedure filter", f.headA, casework.Filter{ProcedureID: "elterngeld"}, nil},
			{"received window", f.headA, casework.Filter{ReceivedFrom: received, ReceivedTo: received.Add(time.Second)}, []int64{a1.ID, a2.ID, a3.ID}},
			{"received before", f.headA, casework.Filter{ReceivedTo: received}, nil},
			{"sorted by applicant, first page", f.headA, casework.Filter{Sort: casework.SortApplicant, Limit: 2}, []int64{a1.ID, a3.ID}},
			{"newest first", f.headA, casework.Filter{Desc: true}, []int64{a3.ID, a2.ID, a1.ID}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				p := must(f.s.Inbox(ctx(), tt.who, tt.filter))(t)
				var got []int64
				for _, c := range p.Cases {
					got = append(got, c.ID)
				}
				if !equal(got, tt.want) {
					t.Fatalf("cases %v, want %v", got, tt.want)
				}
			})
		}
		p := must(f.s.Inbox(ctx(), f.headA, casework.Filter{Status: []casework.Status{casework.InReview}}))(t)
		if p.Total != 0 || p.Counts[casework.Received] != 3 {
			t.Fatalf("counts %v total %d", p.Counts, p.Total)
		}
		_, err := f.s.Get(ctx(), f.workerA, b1.ID)
		wantCode(t, err, fault.NotFound)
		_, err = f.s.ByReference(ctx(), f.workerO, a1.Reference)
		wantCode(t, err, fault.NotFound)
	})
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
