package demo_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/demo"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestHistoryFillsTheDemoInbox: after the demo, its staff and its history
// are seeded as `serve --demo` does, the demo case worker's inbox holds at
// least 2,000 cases and each signal a case worker acts on marks at least
// one of them (unread reply, due soon, overdue, waiting; the Genehmigungs-
// fiktion only where a demo procedure has one); the head of unit sees
// more. A second SeedHistory writes nothing.
func TestHistoryFillsTheDemoInbox(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		w, _ := seedWithStaff(t, db, log)
		start := time.Now()
		check(t, demo.SeedHistory(ctx, db, log))
		check(t, demo.SeedHistoryNotices(ctx, db, w.Cases, log))
		t.Logf("history seeded in %s", time.Since(start).Round(time.Millisecond))
		checkHistoryNotices(t, db)

		sn, err := tenant.BySlug(ctx, db, demo.TenantSlug)
		check(t, err)
		staffOf := func(i int) casework.Staff {
			a, err := account.ByEmail(ctx, db, sn.ID, demo.StaffAccounts(demo.TenantSlug)[i].Email)
			check(t, err)
			s, err := casework.LoadStaff(ctx, db, sn.ID, a.ID)
			check(t, err)
			return s
		}
		worker, head := staffOf(0), staffOf(1)
		p, err := w.Cases.Inbox(ctx, worker, casework.Filter{})
		check(t, err)
		t.Logf("case worker: %d cases %v", p.Total, p.Counts)
		if p.Total < 2000 {
			t.Errorf("the demo case worker sees %d cases, want at least 2,000", p.Total)
		}
		hp, err := w.Cases.Inbox(ctx, head, casework.Filter{})
		check(t, err)
		if hp.Total <= p.Total && !hp.TotalCapped {
			t.Errorf("the head of unit sees %d cases, the case worker %d: want more", hp.Total, p.Total)
		}
		for _, sig := range casework.Signals() {
			sp, err := w.Cases.Inbox(ctx, worker, casework.Filter{Signal: sig})
			check(t, err)
			t.Logf("signal %s: %d on the first page", sig, len(sp.Cases))
			if len(sp.Cases) == 0 && (sig != casework.SignalFiction || anyFiction(t)) {
				t.Errorf("no case of the demo case worker shows the signal %s", sig)
			}
		}
		var before, after int
		check(t, db.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_record`).Scan(&before))
		check(t, demo.SeedHistory(ctx, db, log))
		check(t, db.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_record`).Scan(&after))
		if after != before {
			t.Errorf("a second history seeding wrote %d cases", after-before)
		}
	})
}

// checkHistoryNotices: sealed notices were sent, none with a placeholder
// left, and rejections wait for the head of unit's co-signature.
func checkHistoryNotices(t *testing.T, db *store.DB) {
	t.Helper()
	ctx := context.Background()
	rows, err := db.QueryContext(ctx, `SELECT title, body, remedy, COALESCE(sha256, '') FROM case_notice WHERE status = 'sent'`)
	check(t, err)
	defer rows.Close()
	sent := 0
	for rows.Next() {
		var n casework.NoticeText
		var sum string
		check(t, rows.Scan(&n.Title, &n.Body, &n.Remedy, &sum))
		if p := casework.Placeholders(n); len(p) > 0 || sum == "" {
			t.Errorf("sent notice %q: placeholders %v, seal digest %q", n.Title, p, sum)
		}
		sent++
	}
	check(t, rows.Err())
	var waiting int
	check(t, db.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_notice WHERE status <> 'sent' AND four_eyes = $1
		AND approver_id IS NULL AND outcome = 'rejected'`, true).Scan(&waiting))
	if sent < 20 || waiting < 3 {
		t.Errorf("%d notices sent, %d rejections await co-signing; want at least 20 and 3", sent, waiting)
	}
}

// anyFiction reports whether a demo procedure has a Genehmigungsfiktion.
func anyFiction(t *testing.T) bool {
	defs, err := demoDefinitions()
	check(t, err)
	for _, d := range defs {
		if d.ApprovalFiction {
			return true
		}
	}
	return false
}

var demoDefinitions = procedure.DemoDefinitions
