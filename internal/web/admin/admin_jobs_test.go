package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestAdminFailedJobs: a tenant admin sees their tenant's failed jobs —
// not another tenant's, not the installation's — and can run one again;
// the retry is audited, and a job of another tenant or of the
// installation cannot be retried (404, unchanged); on both databases.
func TestAdminFailedJobs(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := webtest.Start(t, d)
			jobA := failedJob(t, w.DB, w.TenantA, "A-2026-000001")
			jobB := failedJob(t, w.DB, w.TenantB, "B-2026-000001")
			install := failedJob(t, w.DB, 0, "")
			admin := w.Principal(t, w.TenantA, "")
			token := w.Session(t, admin.AccountID)

			status, _, body := w.Do(t, http.MethodGet, "/verwaltung/mandant/auftraege", token, "", "")
			if status != http.StatusOK || !strings.Contains(body, "A-2026-000001") || !strings.Contains(body, "boom at step 3") ||
				strings.Contains(body, i18n.MissingMarker) {
				t.Fatalf("list: %d, lists A's job: %v", status, strings.Contains(body, "A-2026-000001"))
			}
			for _, other := range []int64{jobB, install} {
				if strings.Contains(body, fmt.Sprintf(`name="job" value="%d"`, other)) {
					t.Errorf("tenant A's list offers job %d", other)
				}
				if status, _, _ := w.Do(t, http.MethodPost, "/verwaltung/mandant/auftraege", token, "", fmt.Sprint("job=", other)); status != http.StatusNotFound {
					t.Errorf("retrying job %d of another owner: %d, want 404", other, status)
				}
				if s := jobState(t, w.DB, other); s != "discarded" {
					t.Errorf("job %d of another owner is %s after A's retry", other, s)
				}
			}
			status, loc, _ := w.Do(t, http.MethodPost, "/verwaltung/mandant/auftraege", token, "", fmt.Sprint("job=", jobA))
			if status != http.StatusSeeOther || loc != "/verwaltung/mandant/auftraege?hinweis=erneut" {
				t.Fatalf("retry: %d %s", status, loc)
			}
			if s := jobState(t, w.DB, jobA); s != "available" {
				t.Errorf("A's job is %s after the retry", s)
			}
			var actor string
			webtest.Check(t, w.DB.QueryRowContext(context.Background(), `SELECT actor FROM audit_log WHERE action = 'job.retry'
				AND tenant_id = $1 AND object_id = $2`, w.TenantA, fmt.Sprint(jobA)).Scan(&actor))
			if actor != fmt.Sprint("staff:", admin.AccountID) {
				t.Errorf("retry audited as %q", actor)
			}
			_, _, body = w.Do(t, http.MethodGet, "/verwaltung/mandant/auftraege?hinweis=erneut", token, "", "")
			if strings.Contains(body, "A-2026-000001") || !strings.Contains(body, `id="jobs-retried"`) || !strings.Contains(body, `id="admin-jobs-none"`) {
				t.Errorf("after the retry the list still shows the job or no notice")
			}
		})
	}
}

// failedJob inserts a job that failed for good, of tenantID (0: the
// installation's) about subject, and returns its id.
func failedJob(t *testing.T, db *store.DB, tenantID tenant.ID, subject string) int64 {
	t.Helper()
	var tenant any
	if tenantID != 0 {
		tenant = tenantID
	}
	now := time.Now().UTC()
	var id int64
	webtest.Check(t, db.Writer().QueryRowContext(context.Background(), `INSERT INTO job (kind, args, state, attempt, max_attempts,
		run_at, finished_at, last_error, created_at, tenant_id, subject)
		VALUES ('application.receipt_pdf', '{}', 'discarded', 8, 8, $1, $1, 'boom at step 3', $1, $2, $3) RETURNING id`,
		now, tenant, subject).Scan(&id))
	return id
}

func jobState(t *testing.T, db *store.DB, id int64) string {
	t.Helper()
	var s string
	webtest.Check(t, db.QueryRowContext(context.Background(), `SELECT state FROM job WHERE id = $1`, id).Scan(&s))
	return s
}
