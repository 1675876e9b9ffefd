package casework

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestFileReceipt: a case is created without waiting for the receipt PDF;
// FileReceipt (apply's receipt job) does nothing until it is rendered,
// then files it once; the old "casework.file_receipt" job still waits for
// it and files it once; routing enqueues no such job any more.
func TestFileReceipt(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		tn, _ := tenant.Create(ctx, db, "test", tenant.Tenant{Slug: "sn", Name: "Sachsen"})
		if _, err := procedure.Import(ctx, db, []byte("id: p1\nversion: 1\ntitle: {de: T}\nassurance: low\nguest: true\ndeadline: P1M\n"+
			"retention: P1Y\npages:\n  - id: p\n    title: {de: P}\n    fields:\n      - {id: name, type: short_text, label: {de: Name}}\n"), "p1.yaml"); err != nil {
			t.Fatal(err)
		}
		blobs := blobtest.Sealed(t, db, t.TempDir())
		q, _ := jobs.New(db, log, jobs.Config{})
		files, _ := akte.New(akte.Deps{DB: db, Blobs: blobs, Log: log})
		s, err := New(Deps{DB: db, Blobs: blobs, Jobs: q, Akte: files, Log: log, SealSecret: make([]byte, 32)})
		if err != nil {
			t.Fatal(err)
		}
		var appID int64
		now := time.Now().UTC()
		if err := db.Writer().QueryRowContext(ctx, `INSERT INTO application (tenant_id, procedure_id, procedure_version, status, answers,
			created_at, updated_at, submitted_at, reference, clearing) VALUES ($1, 'p1', 1, 'submitted', '{}', $2, $2, $2, 'SN-2026-000001', TRUE)
			RETURNING id`, tn.ID, now).Scan(&appID); err != nil {
			t.Fatal(err)
		}
		if err := s.OnSubmitted(ctx, appID); err != nil {
			t.Fatal(err)
		}
		var caseID int64
		db.QueryRowContext(ctx, `SELECT id FROM case_record WHERE application_id = $1`, appID).Scan(&caseID)
		if caseID == 0 {
			t.Fatal("no case without a receipt PDF")
		}
		if err := s.fileReceipt(ctx, FileReceiptJob{CaseID: caseID}); err == nil {
			t.Fatal("filed a receipt that was not rendered yet")
		}
		if err := s.FileReceipt(ctx, appID); err != nil {
			t.Fatal(err)
		}
		if docs, _ := akte.Documents(ctx, db, caseID); len(docs) != 0 {
			t.Fatalf("filed %+v before the receipt was rendered", docs)
		}
		info, _ := blobs.Put(ctx, tn.ID, strings.NewReader("%PDF-1.7 Eingangsbestätigung"), 1<<20)
		db.ExecContext(ctx, `UPDATE application SET receipt_blob = $1 WHERE id = $2`, info.Key, appID)
		for range 2 {
			if err := s.FileReceipt(ctx, appID); err != nil {
				t.Fatal(err)
			}
			if err := s.fileReceipt(ctx, FileReceiptJob{CaseID: caseID}); err != nil {
				t.Fatal(err)
			}
		}
		docs, _ := akte.Documents(ctx, db, caseID)
		if len(docs) != 1 || docs[0].Kind != akte.Receipt || docs[0].SHA256 != info.SHA256 {
			t.Fatalf("file %+v", docs)
		}
		var n int
		db.QueryRowContext(ctx, `SELECT COUNT(*) FROM job WHERE kind = 'casework.file_receipt'`).Scan(&n)
		if n != 0 {
			t.Fatalf("%d receipt jobs queued", n)
		}
	})
}
