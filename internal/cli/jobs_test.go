package cli

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestJobsFailedAndRetry: the operator lists the failed jobs of every
// tenant and of the installation, or of one tenant, and runs one again
// (audited as "cli"); a wrong or missing ID is refused.
func TestJobsFailedAndRetry(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			dsn := storetest.DSN(t, d)
			if code, _, errs := run(t, "tenant", "create", "--database", dsn, "--slug", "th", "--name", "Thüringen"); code != 0 {
				t.Fatalf("tenant create: %s", errs)
			}
			db, err := store.Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			mine := insertFailed(t, db, 1, "TH-2026-000007")
			install := insertFailed(t, db, 0, "")

			code, out, errs := run(t, "jobs", "failed", "--database", dsn)
			owners := map[string]string{}
			for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
				if f := strings.Fields(line); len(f) > 3 {
					owners[f[0]] = f[1] + " " + f[3]
				}
			}
			if code != 0 || owners[fmt.Sprint(mine)] != "th TH-2026-000007" || owners[fmt.Sprint(install)] != "- -" ||
				!strings.Contains(out, "render receipt 9: panic") {
				t.Fatalf("jobs failed: code %d, owners %v\n%s%s", code, owners, out, errs)
			}
			if code, out, _ := run(t, "jobs", "failed", "--database", dsn, "--tenant", "th"); code != 0 || strings.Count(out, "\n") != 2 {
				t.Errorf("jobs failed --tenant th: code %d\n%s", code, out)
			}
			for _, bad := range [][]string{{"jobs", "retry", "--database", dsn}, {"jobs", "retry", "x", "--database", dsn}} {
				if code, _, _ := run(t, bad...); code != 2 {
					t.Errorf("%v: code %d, want 2", bad, code)
				}
			}
			if code, _, errs := run(t, "jobs", "retry", "--database", dsn, "999999"); code != 1 || !strings.Contains(errs, "no failed job") {
				t.Errorf("unknown job: code %d %s", code, errs)
			}
			for _, args := range [][]string{{"jobs", "retry", fmt.Sprint(mine), "--database", dsn}, {"jobs", "retry", "--database", dsn, fmt.Sprint(install)}} {
				if code, out, errs := run(t, args...); code != 0 || !strings.Contains(out, "due again") {
					t.Fatalf("%v: code %d %s%s", args, code, out, errs)
				}
			}
			var available, audited int
			db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM job WHERE state = 'available' AND attempt = 0 AND id IN ($1, $2)`,
				mine, install).Scan(&available)
			db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = 'job.retry' AND actor = 'cli'`).Scan(&audited)
			if available != 2 || audited != 2 {
				t.Errorf("after the retries: %d jobs due, %d audit entries; want 2 and 2", available, audited)
			}
		})
	}
}

// insertFailed inserts a job that failed for good, of tenantID (0: the
// installation's).
func insertFailed(t *testing.T, db *store.DB, tenantID tenant.ID, subject string) int64 {
	t.Helper()
	var owner any
	if tenantID != 0 {
		owner = tenantID
	}
	now := time.Now().UTC()
	var id int64
	if err := db.Writer().QueryRowContext(context.Background(), `INSERT INTO job (kind, args, state, attempt, max_attempts,
		run_at, finished_at, last_error, created_at, tenant_id, subject) VALUES ('application.receipt_pdf', '{}', 'discarded',
		8, 8, $1, $1, 'render receipt 9: panic', $1, $2, $3) RETURNING id`, now, owner, subject).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
