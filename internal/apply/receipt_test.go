package apply_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func TestRows(t *testing.T) {
	t.Parallel()
	p, err := procedure.Load(testProcedure, "nachweis.yaml")
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]any{"name": "Jörg", "geburtstag": "1980-02-29", "mit_nachweis": true, "richtig": true,
		"nachweis": []any{map[string]any{"name": "a.pdf", "size": int64(12345)}},
		"kinder":   []any{map[string]any{"vorname": "Ida"}, map[string]any{"vorname": "Ole"}}}
	tests := []struct {
		lang string
		want []string // "label=value" in order
	}{
		{"de", []string{"Name=Jörg", "Geburtsdatum=29.02.1980", "Nachweis beifügen?=ja", "Nachweis=a.pdf (12 kB)",
			"Kind 1 › Vorname=Ida", "Kind 2 › Vorname=Ole", "Die Angaben sind richtig.=bestätigt"}},
		{"en", []string{"Name=Jörg", "Date of birth=1980-02-29", "Attach proof?=yes", "Proof=a.pdf (12 kB)",
			"Child 1 › First name=Ida", "Child 2 › First name=Ole", "The information is correct.=confirmed"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			var got []string
			for _, pg := range apply.Rows(p.Def, apply.Answers{Values: answers}, tt.lang) {
				for _, r := range pg.Rows {
					got = append(got, r.Label+"="+r.Value)
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestReceiptPDFStoredByJob(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		e.svc.RegisterJobs(e.jobs)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		if err := e.jobs.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer e.jobs.Stop(context.Background())
		owner := apply.AccountOwner(1, 0)
		a := e.start(t, &owner)
		e.fill(t, a.ID, owner, pdfBytes(3000, "pdf"))
		rc, err := e.svc.Submit(ctx, a.ID, owner, "k")
		if err != nil {
			t.Fatal(err)
		}
		stored := storedReceipt(t, e, ctx, a.ID, owner, rc, 100*time.Millisecond)
		again, err := e.svc.ReceiptPDF(ctx, a.ID, owner, "de")
		if err != nil || !bytes.Equal(stored, again) {
			t.Fatalf("re-rendered receipt differs from the stored one (%v)", err)
		}
		file := filepath.Join(t.TempDir(), "r.pdf")
		os.WriteFile(file, stored, 0o600)
		out, err := exec.Command("pdftotext", file, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(out)), " ")
		for _, want := range []string{rc.Reference, "Landratsamt Meißen", "Jörg Müller-Weiß", "Nachweis.pdf", rc.Attachments[0].SHA256[:16]} {
			if !strings.Contains(strings.ReplaceAll(text, " ", ""), strings.ReplaceAll(want, " ", "")) {
				t.Errorf("receipt PDF lacks %q:\n%s", want, text)
			}
		}
	})
}

func TestDeleteExpiredDrafts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, nil)
		ctx := context.Background()
		owner, guest, revoked := apply.AccountOwner(1, 0), apply.GuestOwner(e.tenant.ID, ""), apply.GuestOwner(e.tenant.ID, "")
		draft, sub := e.start(t, &owner), e.start(t, &owner)
		g, r := e.start(t, &guest), e.start(t, &revoked)
		e.fill(t, draft.ID, owner, pdfBytes(100, "draft"))
		e.fill(t, sub.ID, owner, pdfBytes(100, "sub"))
		if _, err := e.svc.Submit(ctx, sub.ID, owner, "k"); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.RevokeResumeLink(ctx, r.ID, revoked); err != nil {
			t.Fatal(err)
		}
		n, err := e.svc.DeleteExpiredDrafts(ctx, time.Now())
		if err != nil || n != 1 {
			t.Fatalf("now: deleted %d (%v), want only the revoked guest draft", n, err)
		}
		n, err = e.svc.DeleteExpiredDrafts(ctx, time.Now().Add(31*24*time.Hour))
		if err != nil || n != 2 {
			t.Fatalf("in 31 days: deleted %d (%v), want the account and the guest draft", n, err)
		}
		left := count(t, db, `SELECT COUNT(*) FROM application`)
		if left != 1 || count(t, db, `SELECT COUNT(*) FROM application WHERE id = $1`, sub.ID) != 1 {
			t.Fatal("the submitted application was deleted")
		}
		if blobCount(t, e.dir) != 1 || count(t, db, `SELECT COUNT(*) FROM application_attachment`) != 1 {
			t.Fatal("uploads of deleted drafts kept")
		}
		if c := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'application.expire'`); c != 3 {
			t.Fatalf("%d expire audit entries", c)
		}
		_ = g
	})
}

// storedReceipt waits for the submitted-application job to store the
// receipt PDF of application id and returns its bytes.
func storedReceipt(t *testing.T, e *env, ctx context.Context, id int64, owner apply.Owner, rc apply.Receipt, poll time.Duration) []byte {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); rc.PDFKey == "" && time.Now().Before(deadline); time.Sleep(poll) {
		rc, _ = e.svc.Receipt(ctx, id, owner)
	}
	if rc.PDFKey == "" {
		t.Fatal("receipt PDF not stored by the job")
	}
	r, err := e.blobs.Open(ctx, rc.PDFKey)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	stored, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return stored
}
