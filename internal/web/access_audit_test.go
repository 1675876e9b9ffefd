package web_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/casework"
	pfmailbox "github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestStaffFileReadsAudited: every staff read of personal files is in the
// audit log alike — a case file document, a mailbox message's attachment
// and a notice's preview PDF each leave one entry naming the staff member,
// the case and the file — on both databases.
func TestStaffFileReadsAudited(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			w := webtest.Start(t, d)
			ctx := context.Background()
			staff := w.Principal(t, w.TenantA, "")
			token := w.Session(t, staff.AccountID)
			c, _ := w.Submit(t, w.TenantA, apply.AccountOwner(w.Citizen(t, w.TenantA, "Anna Audit"), 0), "Anna Audit")
			msg, err := w.Mailbox.PostToApplicant(ctx, staff, c.ID, pfmailbox.Post{Subject: "Hinweis", Body: "Anlage", Files: []pfmailbox.Upload{webtest.PDFUpload()}})
			webtest.Check(t, err)
			n, err := w.Cases.DraftNotice(ctx, staff, c.ID, casework.Approved)
			webtest.Check(t, err)
			docs, err := w.Cases.Documents(ctx, staff, c.ID)
			webtest.Check(t, err)
			base := "/verwaltung/vorgaenge/" + c.Reference
			reads := map[string]string{
				"case.document_view":     base + "/akte/" + strconv.FormatInt(docs[0].ID, 10),
				"case.message_file_view": base + "/nachrichten/anlagen/" + msg.Attachments[0].Ref,
				"case.notice_preview":    base + "/bescheide/" + strconv.FormatInt(n.ID, 10) + "/vorschau.pdf",
			}
			for action, path := range reads {
				if status, _, _ := w.Do(t, http.MethodGet, path, token, "", ""); status != http.StatusOK {
					t.Fatalf("GET %s: %d", path, status)
				}
				var count int
				webtest.Check(t, w.DB.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = $1 AND object_type = 'case'
					AND object_id = $2 AND actor = $3 AND details LIKE $4`, action, strconv.FormatInt(c.ID, 10),
					"staff:"+strconv.FormatInt(staff.AccountID, 10), "%"+c.Reference+"%").Scan(&count))
				if count != 1 {
					t.Errorf("GET %s: %d audit entries %q for the staff member and case, want 1", path, count, action)
				}
			}
		})
	}
}
