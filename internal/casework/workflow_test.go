package casework_test

import (
	"testing"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func TestTransitionsByRole(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		type actor func(f *fx) casework.Staff
		worker := func(f *fx) casework.Staff { return f.workerA }
		peer := func(f *fx) casework.Staff { return f.peerA }
		head := func(f *fx) casework.Staff { return f.headA }
		otherAuth := func(f *fx) casework.Staff { return f.workerB }
		otherHead := func(f *fx) casework.Staff { return f.headB }
		otherTenant := func(f *fx) casework.Staff { return f.workerO }
		tests := []struct {
			name   string
			from   casework.Status
			action casework.Action
			who    actor
			want   fault.Code // "" for allowed
			to     casework.Status
		}{
			{"assigned worker reviews", casework.Received, casework.ActReview, worker, "", casework.InReview},
			{"head reviews", casework.Received, casework.ActReview, head, "", casework.InReview},
			{"other worker of A cannot see an assigned case", casework.Received, casework.ActReview, peer, fault.NotFound, ""},
			{"worker of B never sees A's case", casework.Received, casework.ActReview, otherAuth, fault.NotFound, ""},
			{"head of B never sees A's case", casework.Received, casework.ActReview, otherHead, fault.NotFound, ""},
			{"other tenant never sees it", casework.Received, casework.ActReview, otherTenant, fault.NotFound, ""},
			{"review twice", casework.InReview, casework.ActReview, head, fault.Conflict, ""},
			{"resume a waiting case", casework.Waiting, casework.ActResume, worker, "", casework.InReview},
			{"resume a case in review", casework.InReview, casework.ActResume, worker, fault.Conflict, ""},
			{"close a decided case", casework.Decided, casework.ActClose, worker, "", casework.Closed},
			{"close undecided", casework.InReview, casework.ActClose, head, fault.Conflict, ""},
			{"close twice", casework.Closed, casework.ActClose, head, fault.Conflict, ""},
			{"withdrawn cannot be reviewed", casework.Withdrawn, casework.ActReview, head, fault.Conflict, ""},
			{"answer is the applicant's", casework.Waiting, casework.ActAnswer, head, fault.Invalid, ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				c := f.inStatus(t, tt.from)
				got, err := f.s.Move(ctx(), tt.who(f), c.ID, tt.action, "Grund")
				if tt.want != "" {
					wantCode(t, err, tt.want)
					if after := must(f.s.Get(ctx(), f.headA, c.ID))(t); after.Status != tt.from {
						t.Fatalf("denied step changed the status to %s", after.Status)
					}
					return
				}
				if err != nil || got.Status != tt.to {
					t.Fatalf("got %s, %v; want %s", got.Status, err, tt.to)
				}
			})
		}
	})
}

func TestUnassignedAndClaim(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		c := f.newCase(t, f.authA, "Jonas Jung")
		// a case worker sees an unassigned case but must claim it first
		_, err := f.s.Move(ctx(), f.workerA, c.ID, casework.ActReview, "")
		wantCode(t, err, fault.Forbidden)
		_, err = f.s.Claim(ctx(), f.workerB, c.ID)
		wantCode(t, err, fault.NotFound)
		got := must(f.s.Claim(ctx(), f.workerA, c.ID))(t)
		if got.AssigneeID != f.workerA.AccountID || got.AssigneeName != "Anna Arbeit" {
			t.Fatalf("claimed: %+v", got)
		}
		_, err = f.s.Claim(ctx(), f.peerA, c.ID)
		wantCode(t, err, fault.NotFound) // assigned to someone else: out of the peer's view
		_, err = f.s.Assign(ctx(), f.workerA, c.ID, f.peerA.AccountID)
		wantCode(t, err, fault.Forbidden)
		_, err = f.s.Assign(ctx(), f.headA, c.ID, f.workerB.AccountID)
		wantCode(t, err, fault.Invalid)
		got = must(f.s.Assign(ctx(), f.headA, c.ID, f.peerA.AccountID))(t)
		if got.AssigneeID != f.peerA.AccountID {
			t.Fatalf("reassigned to %d", got.AssigneeID)
		}
		if _, err := f.s.Get(ctx(), f.workerA, c.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("previous assignee still sees the case: %v", err)
		}
		must(f.s.Move(ctx(), f.peerA, c.ID, casework.ActReview, ""))(t)
	})
}

func TestWithdrawByApplicant(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		for _, tt := range []struct {
			from casework.Status
			want fault.Code
		}{
			{casework.Received, ""}, {casework.InReview, ""}, {casework.Waiting, ""},
			{casework.Decided, fault.Conflict}, {casework.Withdrawn, fault.Conflict},
		} {
			t.Run(string(tt.from), func(t *testing.T) {
				c := f.inStatus(t, tt.from)
				err := f.s.Withdraw(ctx(), f.applicant(c), "nicht mehr nötig")
				wantCode(t, err, tt.want)
				if tt.want != "" {
					return
				}
				v := must(casework.ApplicantStatus(ctx(), db, f.applicant(c)))(t)
				if v.Progress != casework.ProgressWithdrawn || v.OpenRequests != 0 {
					t.Fatalf("applicant sees %+v", v)
				}
				wrong := casework.Applicant{TenantID: f.other, ApplicationID: c.ApplicationID}
				wantCode(t, f.s.Withdraw(ctx(), wrong, ""), fault.NotFound)
			})
		}
	})
}
