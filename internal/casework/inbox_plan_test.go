package casework_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// planCases is the size of the plan test's quick data set.
const planCases = 24000

// TestInboxPlans checks the query plans of the inbox on a quick data set
// of 24,000 cases of one authority: the first page, filtered pages and a
// deep page (cursor 15,000 rows in) are index range scans in the order's
// index — no sort of the matching rows, no scan of the table — and the
// counts per status read the status index. `go test -v -run
// TestInboxPlans` prints the plans (docs/inbox.md).
func TestInboxPlans(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		seedPlanCases(t, f)
		deep := planCaseAt(t, f, 15000)
		pages := []struct {
			name string
			f    casework.Filter
		}{
			{"first page", casework.Filter{Limit: 25}},
			{"first page, newest first", casework.Filter{Limit: 25, Desc: true}},
			{"filtered: in review, unassigned", casework.Filter{Limit: 25, Status: []casework.Status{casework.InReview}, Assigned: casework.AssignedNone}},
			{"filtered: unread", casework.Filter{Limit: 25, Signal: casework.SignalUnread}},
			{"sorted by deadline", casework.Filter{Limit: 25, Sort: casework.SortDeadline}},
			{"deep page", casework.Filter{Limit: 25, After: casework.CursorAt(casework.Filter{}, deep)}},
			{"deep page back", casework.Filter{Limit: 25, Before: casework.CursorAt(casework.Filter{}, deep)}},
		}
		for _, p := range pages {
			t.Run(p.name, func(t *testing.T) {
				q, args, err := f.s.InboxSQL(f.headA, p.f)
				if err != nil {
					t.Fatal(err)
				}
				plan := explain(t, db, q, args)
				t.Logf("%s (%s):\n%s", p.name, db.Dialect, plan)
				checkIndexPlan(t, db.Dialect, plan)
				start := time.Now()
				page := must(f.s.Inbox(ctx(), f.headA, p.f))(t)
				t.Logf("%d cases in %v", len(page.Cases), time.Since(start))
				if len(page.Cases) == 0 {
					t.Fatal("empty page")
				}
			})
		}
		t.Run("counts", func(t *testing.T) {
			q, args := f.s.CountsSQL(f.headA, casework.Filter{})
			plan := explain(t, db, q, args)
			t.Logf("counts (%s):\n%s", db.Dialect, plan)
			if db.Dialect == store.SQLite {
				// PostgreSQL may rightly prefer a bitmap or sequential scan
				// for a status holding half of this small table.
				checkIndexPlan(t, db.Dialect, plan)
			}
			p := must(f.s.Inbox(ctx(), f.headA, casework.Filter{Limit: 1}))(t)
			if p.Counts[casework.InReview] != casework.CountCap || !p.TotalCapped || p.Counts[casework.Waiting] != planCases/6 {
				t.Fatalf("counts %v capped %v", p.Counts, p.TotalCapped)
			}
		})
	})
}

// checkIndexPlan fails on a plan that sorts the rows or scans the table.
func checkIndexPlan(t *testing.T, d store.Dialect, plan string) {
	t.Helper()
	bad := []string{"Seq Scan on case_record", "Sort Key", "Bitmap Heap Scan on case_record"}
	if d == store.SQLite {
		bad = []string{"USE TEMP B-TREE FOR ORDER BY", "SCAN c\n", "SCAN c "}
	}
	for _, b := range bad {
		if strings.Contains(plan+"\n", b) {
			t.Fatalf("plan has %q:\n%s", strings.TrimSpace(b), plan)
		}
	}
	// The inbox's own indexes (00170) or the statistics' (00190) and the
	// volume work's (00180) where they serve the same order.
	if !strings.Contains(plan, "case_record_inbox_") && !strings.Contains(plan, "case_record_stats_") &&
		!strings.Contains(plan, "case_record_volume_") {
		t.Fatalf("plan uses none of the inbox indexes:\n%s", plan)
	}
}

// explain returns the plan of q with args on db's engine.
func explain(t *testing.T, db *store.DB, q string, args []any) string {
	t.Helper()
	prefix := "EXPLAIN "
	if db.Dialect == store.SQLite {
		prefix = "EXPLAIN QUERY PLAN "
	}
	rows, err := db.QueryContext(ctx(), prefix+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(vals[len(vals)-1]))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(out, "\n")
}

// seedPlanCases writes planCases cases of authority A in one statement
// each for the applications and the cases: one minute apart, half of
// them in review, every third one assigned, every 50th unread.
func seedPlanCases(t *testing.T, f *fx) {
	t.Helper()
	received, deadline, unread := `strftime('%Y-%m-%d %H:%M:%S+00:00', '2026-01-01', '+' || a.id || ' minutes')`,
		`strftime('%Y-%m-%d %H:%M:%S+00:00', '2026-01-01', '+' || (a.id + 129600) || ' minutes')`, `'2026-06-01 00:00:00+00:00'`
	if f.db.Dialect == store.Postgres {
		received, deadline, unread = `TIMESTAMPTZ '2026-01-01 00:00:00+00' + a.id * INTERVAL '1 minute'`,
			`TIMESTAMPTZ '2026-01-01 00:00:00+00' + (a.id + 129600) * INTERVAL '1 minute'`, `TIMESTAMPTZ '2026-06-01 00:00:00+00'`
	}
	now := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	stmts := []string{
		`WITH RECURSIVE g(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM g WHERE n < ` + fmt.Sprint(planCases) + `)
		INSERT INTO application (tenant_id, procedure_id, procedure_version, status, answers, created_at, updated_at,
			submitted_at, reference, authority_id)
		SELECT $1, 'testverfahren', 1, 'submitted', '{}', $2, $2, $2, 'PLAN-' || n, $3 FROM g`,
		`INSERT INTO case_record (tenant_id, application_id, reference, procedure_id, procedure_version, procedure_title,
			authority_id, clearing, status, assignee_id, applicant_name, applicant_folded, received_at, deadline_at,
			approval_fiction, updated_at, unread_since)
		SELECT a.tenant_id, a.id, a.reference, 'testverfahren', 1, 'Testgenehmigung', a.authority_id, FALSE,
			CASE a.id % 6 WHEN 0 THEN 'received' WHEN 2 THEN 'waiting' WHEN 3 THEN 'decided' ELSE 'in_review' END,
			CASE WHEN a.id % 3 = 0 THEN CAST($3 AS BIGINT) ELSE NULL END, 'Name ' || a.id, 'name ' || a.id, ` + received + `, ` + deadline + `,
			FALSE, $2, CASE WHEN a.id % 50 = 0 THEN ` + unread + ` ELSE NULL END
		FROM application a WHERE a.tenant_id = $1 AND a.reference LIKE 'PLAN-%'`,
	}
	args := [][]any{{f.tenant, now, f.authA}, {f.tenant, now, f.workerA.AccountID}}
	for i, q := range stmts {
		if _, err := f.db.ExecContext(ctx(), q, args[i]...); err != nil {
			t.Fatal(err)
		}
	}
	// As autovacuum would after a load: statistics, and on PostgreSQL the
	// visibility map that makes the counts index-only scans.
	analyze := `ANALYZE`
	if f.db.Dialect == store.Postgres {
		analyze = `VACUUM ANALYZE case_record`
	}
	if _, err := f.db.ExecContext(ctx(), analyze); err != nil {
		t.Fatal(err)
	}
	f.clock.Set(now)
}

// planCaseAt is the n-th case of the seeded set in receipt order.
func planCaseAt(t *testing.T, f *fx, n int) casework.Case {
	t.Helper()
	var id int64
	if err := f.db.QueryRowContext(ctx(), `SELECT id FROM case_record WHERE tenant_id = $1 AND reference = $2`,
		f.tenant, fmt.Sprintf("PLAN-%d", n)).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return must(f.s.Get(ctx(), f.headA, id))(t)
}
