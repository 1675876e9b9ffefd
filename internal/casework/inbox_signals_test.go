package casework_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// shortProcedure has a processing period shorter than the old 14-day
// warning window.
var shortProcedure = strings.NewReplacer("id: testverfahren", "id: kurzverfahren", "deadline: P3M", "deadline: P10D",
	`"Testgenehmigung"`, `"Kurzgenehmigung"`).Replace(testProcedure)

// shortCase routes an application of the short procedure to A.
func (f *fx) shortCase(t *testing.T) casework.Case {
	t.Helper()
	if _, err := procedure.Import(ctx(), f.db, []byte(shortProcedure), "kurzverfahren.yaml"); err != nil && !fault.Is(err, fault.Conflict) {
		t.Fatal(err)
	}
	f.seq++
	answers, _ := json.Marshal(map[string]any{"name": "Kurt Kurz"})
	var id int64
	if err := f.db.Writer().QueryRowContext(ctx(), `INSERT INTO application (tenant_id, procedure_id, procedure_version, status,
		answers, created_at, updated_at, submitted_at, reference, authority_id, clearing)
		VALUES ($1, 'kurzverfahren', 1, 'submitted', $2, $3, $3, $3, $4, $5, $6) RETURNING id`,
		f.tenant, string(answers), received, fmt.Sprintf("SN-2026-K%05d", f.seq), f.authA, false).Scan(&id); err != nil {
		t.Fatal(err)
	}
	if err := f.s.OnSubmitted(ctx(), id); err != nil {
		t.Fatal(err)
	}
	return f.caseOf(t, id)
}

// TestDueSoonNotOnArrival is the regression test of issue 14: the inbox
// flagged every new case "Frist läuft bald ab", since the warning window
// (14 days) was longer than the procedure's processing period.
func TestDueSoonNotOnArrival(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		c := f.shortCase(t)
		if want := received.AddDate(0, 0, 10); !c.Deadline.Equal(want) {
			t.Fatalf("deadline %v, want %v", c.Deadline, want)
		}
		for _, tt := range []struct {
			name string
			now  time.Time
			soon bool
		}{
			{"on arrival", received, false},
			{"after a week", received.AddDate(0, 0, 7), false},
			{"in the last quarter", received.AddDate(0, 0, 8), true},
		} {
			t.Run(tt.name, func(t *testing.T) {
				f.clock.Set(tt.now)
				got := must(f.s.Get(ctx(), f.headA, c.ID))(t)
				if got.Flags.DeadlineSoon != tt.soon {
					t.Fatalf("due soon %v, want %v", got.Flags.DeadlineSoon, tt.soon)
				}
				for _, days := range []int{0, 30} { // the staff member's window cannot widen the quarter
					p := must(f.s.Inbox(ctx(), f.headA, casework.Filter{Signal: casework.SignalDueSoon, WarnDays: days}))(t)
					if (len(p.Cases) == 1) != tt.soon || (len(p.Cases) == 1 && !p.Cases[0].Flags.DeadlineSoon) {
						t.Fatalf("window %d: due-soon filter found %d", days, len(p.Cases))
					}
				}
			})
		}
		f.clock.Set(received.AddDate(0, 0, 8))
		p := must(f.s.Inbox(ctx(), f.headA, casework.Filter{Signal: casework.SignalDueSoon, WarnDays: 1}))(t)
		if len(p.Cases) != 0 {
			t.Fatal("a 1-day window found a case due in 2 days")
		}
		p = must(f.s.Inbox(ctx(), f.headA, casework.Filter{Signal: casework.SignalFiction}))(t)
		if len(p.Cases) != 1 || !p.Cases[0].Flags.FictionAtRisk {
			t.Fatalf("fiction filter found %d", len(p.Cases))
		}
		if p.Total != -1 {
			t.Fatalf("a signal filter's total %d, want -1 (not counted)", p.Total)
		}
		_, err := f.s.Inbox(ctx(), f.headA, casework.Filter{WarnDays: casework.MaxWarnDays + 1})
		wantCode(t, err, fault.Invalid)
	})
}

// TestUnreadActivity: the applicant's answer and message mark the case
// unread until its assignee opens it; the head of unit's look does not
// count.
func TestUnreadActivity(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		c := f.inStatus(t, casework.Waiting)
		f.newCase(t, f.authA, "Otto Ohne")
		unread := func(who casework.Staff) []int64 {
			t.Helper()
			p := must(f.s.Inbox(ctx(), who, casework.Filter{Signal: casework.SignalUnread}))(t)
			var ids []int64
			for _, c := range p.Cases {
				if !c.Flags.Unread {
					t.Fatal("filtered case without the flag")
				}
				ids = append(ids, c.ID)
			}
			return ids
		}
		if got := unread(f.headA); len(got) != 0 {
			t.Fatalf("unread before any activity: %v", got)
		}
		p := must(f.s.Inbox(ctx(), f.headA, casework.Filter{Signal: casework.SignalWaiting}))(t)
		if len(p.Cases) != 1 || !p.Cases[0].Flags.AwaitingApplicant {
			t.Fatalf("waiting filter found %d", len(p.Cases))
		}
		reqs := must(f.s.Requests(ctx(), f.workerA, c.ID))(t)
		must(0, f.s.Answer(ctx(), f.applicant(c), reqs[0].ID, casework.AnswerInput{Text: "Anbei."}))(t)
		if got := unread(f.workerA); !equal(got, []int64{c.ID}) {
			t.Fatalf("unread after the answer: %v", got)
		}
		must(f.s.View(ctx(), f.headA, c.Reference))(t)
		if got := unread(f.headA); !equal(got, []int64{c.ID}) {
			t.Fatalf("the head's look cleared the mark: %v", got)
		}
		must(f.s.View(ctx(), f.workerA, c.Reference))(t)
		if got := unread(f.headA); len(got) != 0 {
			t.Fatalf("still unread after the assignee opened it: %v", got)
		}
		must(0, f.db.Tx(ctx(), func(tx *store.Tx) error {
			return casework.ApplicantMessageTx(ctx(), tx, c.TenantID, c.ID, received)
		}))(t)
		if got := unread(f.workerA); !equal(got, []int64{c.ID}) {
			t.Fatalf("unread after the applicant's message: %v", got)
		}
	})
}

// TestInboxKeyset walks every order forwards and back two cases at a time
// and must meet the same cases as one page holding them all.
func TestInboxKeyset(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		for i, name := range []string{"Emil Ende", "Anton Anfang", "Berta Mitte", "Anton Anfang", "Zora Zett"} {
			f.clock.Set(received.Add(time.Duration(i%3) * time.Hour)) // equal keys across pages
			f.newCase(t, f.authA, name)
		}
		f.inStatus(t, casework.Waiting)
		f.clock.Set(received.AddDate(0, 0, 1))
		for _, sort := range casework.Sorts() {
			for _, desc := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s desc=%v", sort, desc), func(t *testing.T) {
					all := ids(must(f.s.Inbox(ctx(), f.headA, casework.Filter{Sort: sort, Desc: desc}))(t).Cases)
					var fwd []int64
					var pages []casework.Page
					fl := casework.Filter{Sort: sort, Desc: desc, Limit: 2}
					for {
						p := must(f.s.Inbox(ctx(), f.headA, fl))(t)
						pages = append(pages, p)
						fwd = append(fwd, ids(p.Cases)...)
						if p.Next == "" {
							break
						}
						fl.After = p.Next
					}
					if !equal(fwd, all) || len(all) != 6 {
						t.Fatalf("forward %v, want %v", fwd, all)
					}
					if pages[0].Prev != "" {
						t.Fatal("the first page has a previous page")
					}
					last := pages[len(pages)-1]
					fl = casework.Filter{Sort: sort, Desc: desc, Limit: 2, Before: last.Prev}
					for i := len(pages) - 2; i >= 0; i-- {
						p := must(f.s.Inbox(ctx(), f.headA, fl))(t)
						if !equal(ids(p.Cases), ids(pages[i].Cases)) {
							t.Fatalf("back to page %d: %v, want %v", i, ids(p.Cases), ids(pages[i].Cases))
						}
						if (p.Prev == "") != (i == 0) {
							t.Fatalf("page %d prev %q", i, p.Prev)
						}
						fl.Before = p.Prev
					}
				})
			}
		}
		p := must(f.s.Inbox(ctx(), f.headA, casework.Filter{Limit: 2}))(t)
		_, err := f.s.Inbox(ctx(), f.headA, casework.Filter{Limit: 2, Sort: casework.SortReference, After: p.Next})
		wantCode(t, err, fault.Invalid)
		_, err = f.s.Inbox(ctx(), f.headA, casework.Filter{After: "not a cursor"})
		wantCode(t, err, fault.Invalid)
		if p.Total != 6 || p.Counts[casework.Received] != 5 || p.Counts[casework.Waiting] != 1 || p.TotalCapped {
			t.Fatalf("total %d counts %v", p.Total, p.Counts)
		}
	})
}

func ids(cs []casework.Case) []int64 {
	var out []int64
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

// TestInboxViewSaved: the view is kept per staff member until reset.
func TestInboxViewSaved(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		v := casework.InboxView{Status: casework.Waiting, Assigned: casework.AssignedMe, Signal: casework.SignalOverdue,
			Sort: casework.SortDeadline, Desc: true, WarnDays: 3}
		must(0, f.s.SaveInboxView(ctx(), f.workerA, v))(t)
		if got := must(f.s.InboxView(ctx(), f.workerA))(t); got != v {
			t.Fatalf("view %+v, want %+v", got, v)
		}
		if got := must(f.s.InboxView(ctx(), f.peerA))(t); got != (casework.InboxView{}) {
			t.Fatalf("a colleague got %+v", got)
		}
		v.Sort = "nonsense"
		wantCode(t, f.s.SaveInboxView(ctx(), f.workerA, v), fault.Invalid)
		if got := must(f.s.InboxView(ctx(), f.workerA))(t); got.Sort != casework.SortDeadline {
			t.Fatalf("an invalid view was saved: %+v", got)
		}
		must(0, f.s.ResetInboxView(ctx(), f.workerA))(t)
		if got := must(f.s.InboxView(ctx(), f.workerA))(t); got != (casework.InboxView{}) {
			t.Fatalf("after reset %+v", got)
		}
	})
}

// TestBulkClaimAndAssign: each case is checked like the single action.
func TestBulkClaimAndAssign(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		free := f.newCase(t, f.authA, "Frei")
		taken := f.newCase(t, f.authA, "Vergeben")
		must(f.s.Assign(ctx(), f.headA, taken.ID, f.peerA.AccountID))(t)
		other := f.newCase(t, f.authB, "Fremd")
		out := must(f.s.Bulk(ctx(), f.workerA, casework.BulkClaim, []string{free.Reference, taken.Reference, other.Reference, free.Reference}, 0))(t)
		if len(out) != 3 || out[0].Err != nil || out[0].Reference != free.Reference {
			t.Fatalf("outcomes %+v", out)
		}
		wantCode(t, out[1].Err, fault.NotFound) // assigned to a peer: invisible to the worker
		wantCode(t, out[2].Err, fault.NotFound)
		if c := must(f.s.Get(ctx(), f.headA, free.ID))(t); c.AssigneeID != f.workerA.AccountID {
			t.Fatalf("assignee %d", c.AssigneeID)
		}
		out = must(f.s.Bulk(ctx(), f.headA, casework.BulkAssign, []string{free.Reference, taken.Reference}, f.peerA.AccountID))(t)
		if out[0].Err != nil || out[1].Err != nil {
			t.Fatalf("outcomes %+v", out)
		}
		out = must(f.s.Bulk(ctx(), f.workerA, casework.BulkAssign, []string{free.Reference}, f.workerA.AccountID))(t)
		wantCode(t, out[0].Err, fault.NotFound) // now a peer's case
		_, err := f.s.Bulk(ctx(), f.headA, casework.BulkAssign, []string{free.Reference}, 0)
		wantCode(t, err, fault.Invalid)
		_, err = f.s.Bulk(ctx(), f.headA, casework.BulkClaim, nil, 0)
		wantCode(t, err, fault.Invalid)
		// Without a case role (an authority's administrator) the whole
		// action is refused, as the inbox itself is.
		aa := f.staff(t, f.tenant, "Alma Admin", account.StaffRole{AuthorityID: f.authA, Role: account.RoleAuthorityAdmin})
		_, err = f.s.Bulk(ctx(), aa, casework.BulkClaim, nil, 0)
		wantCode(t, err, fault.Forbidden)
		as := must(f.s.InboxAssignees(ctx(), f.headA))(t)
		if len(as) != 3 { // Anna, Hella, Paul
			t.Fatalf("assignees %+v", as)
		}
		if as := must(f.s.InboxAssignees(ctx(), f.workerA))(t); len(as) != 0 {
			t.Fatalf("a case worker got assignees %+v", as)
		}
	})
}
