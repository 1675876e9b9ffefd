package apply_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestReceiptPDFAnyUnicode: a name and a file name with emoji (outside
// the Basic Multilingual Plane), Cyrillic, Greek and CJK give a receipt
// PDF — stored by the job and served on request — that names them all
// (issue 11: the PDF renderer panicked, the job retried, the download
// answered 500).
func TestReceiptPDFAnyUnicode(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Fatal("pdftotext (poppler-utils) not installed")
	}
	const name, file = "Ёлкина 👩‍🚀 Παπαδόπουλος 東京", "Wohnungsgeberbestätigung 😀🥨.pdf"
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
		e.fill(t, a.ID, owner, nil)
		if _, err := e.svc.SavePage(ctx, a.ID, owner, "person", map[string]any{"name": name, "gemeinde": placeARS}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Upload(ctx, a.ID, owner, "nachweis", file, "application/pdf", bytes.NewReader(pdfBytes(3000, "u"))); err != nil {
			t.Fatal(err)
		}
		rc, err := e.svc.Submit(ctx, a.ID, owner, "k")
		if err != nil {
			t.Fatal(err)
		}
		served, err := e.svc.ReceiptPDF(ctx, a.ID, owner, "de")
		if err != nil {
			t.Fatalf("receipt PDF: %v", err)
		}
		stored := storedReceipt(t, e, ctx, a.ID, owner, rc, 50*time.Millisecond)
		if !bytes.Equal(stored, served) {
			t.Error("the served receipt differs from the stored one")
		}
		path := filepath.Join(t.TempDir(), "r.pdf")
		os.WriteFile(path, stored, 0o600)
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Join(strings.Fields(string(out)), " ")
		for _, want := range []string{rc.Reference, name, file} {
			if !strings.Contains(text, want) {
				t.Errorf("receipt PDF lacks %q:\n%s", want, text)
			}
		}
	})
}
