package casework_test

import (
	"testing"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func TestRouting(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		clearing, err := casework.Clearing(ctx(), db, f.tenant)
		if err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name         string
			routedTo     int64
			wantAuth     int64
			wantClearing bool
		}{
			{"routed to its authority", f.authA, f.authA, false},
			{"other authority", f.authB, f.authB, false},
			{"no authority found goes to clearing", 0, clearing, true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				id := f.app(t, f.tenant, tt.routedTo, "Max Müller")
				for range 2 { // the job may run twice
					if err := f.s.OnSubmitted(ctx(), id); err != nil {
						t.Fatal(err)
					}
				}
				var n int
				db.QueryRowContext(ctx(), `SELECT COUNT(*) FROM case_record WHERE application_id = $1`, id).Scan(&n)
				if n != 1 {
					t.Fatalf("%d cases for one application", n)
				}
				c := f.caseOf(t, id)
				if c.AuthorityID != tt.wantAuth || c.Clearing != tt.wantClearing || c.Status != casework.Received {
					t.Fatalf("case at %d clearing=%v status %s, want %d clearing=%v received", c.AuthorityID, c.Clearing, c.Status, tt.wantAuth, tt.wantClearing)
				}
				if c.ApplicantName != "Max Müller" || c.Deadline.IsZero() || !c.ApprovalFiction {
					t.Fatalf("case data: %+v", c)
				}
				docs, err := akte.Documents(ctx(), db, c.ID)
				if err != nil || len(docs) != 1 || docs[0].Kind != akte.Attachment || docs[0].Seq != 1 {
					t.Fatalf("file: %+v, %v", docs, err)
				}
			})
		}
	})
}

func TestForwardFromClearing(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		c := f.newCase(t, 0, "Lena Lose")
		if _, err := f.s.Get(ctx(), f.workerA, c.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("A sees the clearing case before forwarding: %v", err)
		}
		_, err := f.s.Forward(ctx(), f.admin, c.ID, f.authA, "")
		wantCode(t, err, fault.Invalid) // a reason is required
		_, err = f.s.Forward(ctx(), f.workerB, c.ID, f.authA, "zuständig")
		wantCode(t, err, fault.NotFound)
		got := must(f.s.Forward(ctx(), f.admin, c.ID, f.authA, "Wohnort liegt im Landkreis Meißen"))(t)
		if got.AuthorityID != f.authA || got.Clearing || got.Status != casework.Received || got.AssigneeID != 0 {
			t.Fatalf("forwarded case: %+v", got)
		}
		if _, err := f.s.Get(ctx(), f.workerA, c.ID); err != nil {
			t.Fatalf("A does not see the forwarded case: %v", err)
		}
		file, err := akte.Get(ctx(), db, c.TenantID, c.ID)
		if err != nil || file.AuthorityName != "Landratsamt Meißen" {
			t.Fatalf("file after forward: %+v %v", file, err)
		}
		ev := must(f.s.Events(ctx(), f.headA, c.ID))(t)
		if last := ev[len(ev)-1]; last.Action != "forward" || last.Details["reason"] != "Wohnort liegt im Landkreis Meißen" {
			t.Fatalf("last event %+v", last)
		}
	})
}
