package demo_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/demo"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestHistoryLooksLikeAWorkingOffice: the demo seeds at least 2,000 cases
// over the last twelve weeks, most in Sachsen, in every status, with some
// deadlines overdue and some due within two weeks, open requests of which
// some are overdue, messages both ways (replies unread), notes, several
// assignees per authority, and a file (Akte) for every case.
func TestHistoryLooksLikeAWorkingOffice(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		start := time.Now()
		var logged strings.Builder
		log := slog.New(slog.NewTextHandler(&logged, nil))
		if err := demo.Seed(ctx, db, log); err != nil {
			t.Fatal(err)
		}
		if err := demo.SeedHistory(ctx, db, log); err != nil {
			t.Fatal(err)
		}
		t.Logf("demo seeded in %s:\n%s", time.Since(start).Round(time.Millisecond), logged.String())
		now := time.Now().UTC()
		count := func(q string, args ...any) int {
			t.Helper()
			var n int
			if err := db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return n
		}
		sn := `(SELECT id FROM tenant WHERE slug = 'sn')`
		open := `status IN ('received', 'in_review', 'waiting')`
		checks := []struct {
			what string
			n    int
			min  int
		}{
			{"cases", count(`SELECT COUNT(*) FROM case_record`), 2000},
			{"cases in Sachsen", count(`SELECT COUNT(*) FROM case_record WHERE tenant_id = ` + sn), 1900},
			{"statuses in Sachsen", count(`SELECT COUNT(DISTINCT status) FROM case_record WHERE tenant_id = ` + sn), 6},
			{"procedures", count(`SELECT COUNT(DISTINCT procedure_id) FROM case_record`), 8},
			{"authorities", count(`SELECT COUNT(DISTINCT authority_id) FROM case_record`), 20},
			{"overdue", count(`SELECT COUNT(*) FROM case_record WHERE `+open+` AND deadline_at < $1`, now), 1},
			{"due within 14 days", count(`SELECT COUNT(*) FROM case_record WHERE `+open+` AND deadline_at >= $1 AND deadline_at < $2`,
				now, now.Add(14*24*time.Hour)), 1},
			{"open requests", count(`SELECT COUNT(*) FROM case_request WHERE status = 'open'`), 1},
			{"overdue requests", count(`SELECT COUNT(*) FROM case_request WHERE status = 'open' AND due_at < $1`, now), 1},
			{"answered requests", count(`SELECT COUNT(*) FROM case_request WHERE status = 'answered'`), 1},
			{"messages to applicants", count(`SELECT COUNT(*) FROM mailbox_message WHERE direction = 'to_applicant'`), 100},
			{"messages from applicants", count(`SELECT COUNT(*) FROM mailbox_message WHERE direction = 'from_applicant'`), 100},
			{"unread replies", count(`SELECT COUNT(*) FROM mailbox_message WHERE direction = 'from_applicant' AND read_at IS NULL`), 10},
			{"messages in the future", -count(`SELECT COUNT(*) FROM mailbox_message WHERE created_at > $1`, now), 0},
			{"forwarded", count(`SELECT COUNT(*) FROM case_event WHERE action = 'forward'`), 50},
			{"notes", count(`SELECT COUNT(*) FROM case_note`), 100},
			{"assignees", count(`SELECT COUNT(DISTINCT assignee_id) FROM case_record`), 40},
			{"files", count(`SELECT COUNT(*) FROM akte_file`), count(`SELECT COUNT(*) FROM case_record`)},
		}
		for _, c := range checks {
			if c.n < c.min {
				t.Errorf("%s: %d, want at least %d", c.what, c.n, c.min)
			}
		}
		if n := count(`SELECT COUNT(*) FROM case_record WHERE received_at < $1 OR received_at > $2`,
			now.Add(-demo.HistorySpan-time.Hour), now); n != 0 {
			t.Errorf("%d cases received outside the last twelve weeks", n)
		}
	})
}
