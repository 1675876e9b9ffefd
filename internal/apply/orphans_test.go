package apply_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestOrphanSweep: an unreferenced blob older than the orphan age is
// deleted, a younger one stays, a referenced blob of every kind stays
// however old, an old half-written temp file (on S3: an unfinished
// multipart upload) goes; a second run deletes nothing and audits
// nothing more. With the blobs on disk and on a real S3 server.
func TestOrphanSweep(t *testing.T) {
	t.Parallel()
	for _, store := range []string{"disk", "s3"} {
		t.Run(store, func(t *testing.T) {
			t.Parallel()
			testOrphanSweep(t, store == "s3")
		})
	}
}

func testOrphanSweep(t *testing.T, onS3 bool) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var srv *blobtest.Server
		if onS3 {
			srv = blobtest.StartS3(t)
		}
		e := newEnvOn(t, db, srv, nil)
		owner := apply.AccountOwner(1, 0)
		a := e.start(t, &owner)
		e.fill(t, a.ID, owner, pdfBytes(5000, "proof"))
		if _, err := e.svc.Submit(ctx, a.ID, owner, "orphan-1"); err != nil {
			t.Fatal(err)
		}
		referenced := []string{blobKeyOf(t, db, `SELECT blob_key FROM application_attachment WHERE application_id = $1`, a.ID)}
		for _, ref := range []func(key string){
			func(k string) { execSQL(t, db, `UPDATE application SET receipt_blob = $1 WHERE id = $2`, k, a.ID) },
			func(k string) { referenceFromMailbox(t, db, e.tenant.ID, a.ID, k) },
			func(k string) { referenceFromCase(t, db, e.tenant.ID, a.ID, k, e.put(t, "filed")) },
		} {
			referenced = append(referenced, e.put(t, "referenced"))
			ref(referenced[len(referenced)-1])
		}
		referenced = append(referenced, blobKeyOf(t, db, `SELECT blob_key FROM akte_document WHERE ref = $1`, "notice:1"))
		oldOrphan, youngOrphan := e.put(t, "old orphan"), e.put(t, "young orphan")
		old := time.Now().Add(-25 * time.Hour)
		for _, k := range append([]string{oldOrphan}, referenced...) {
			e.backdate(t, k, old)
		}
		e.abandonWrite(t, old)

		res, err := e.svc.SweepOrphanBlobs(ctx, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if res != (apply.SweepResult{Old: 1 + len(referenced), Deleted: 1, Temp: 1}) {
			t.Fatalf("sweep: %+v; want %d old checked, 1 deleted, 1 temp", res, 1+len(referenced))
		}
		for _, k := range append([]string{youngOrphan}, referenced...) {
			if err := e.exists(t, k); err != nil {
				t.Fatalf("blob %s should stay: %v", k, err)
			}
		}
		if err := e.exists(t, oldOrphan); !fault.Is(err, fault.NotFound) {
			t.Fatalf("the old orphan should be gone: %v", err)
		}
		if n := e.unfinishedWrites(t); n != 0 {
			t.Fatalf("%d unfinished writes left", n)
		}
		again, err := e.svc.SweepOrphanBlobs(ctx, time.Now())
		if err != nil || again.Deleted != 0 || again.Temp != 0 {
			t.Fatalf("second sweep: %+v %v", again, err)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM audit_log WHERE action = 'blob.orphan_sweep'`); n != 1 {
			t.Fatalf("%d audit entries of the sweep, want 1 (the second run deleted nothing)", n)
		}
	})
}

// TestBlobColumnsCoverSchema: every column of the live schema whose name
// says it holds a blob is one the sweep checks — a new one that is not
// would have its files deleted.
func TestBlobColumnsCoverSchema(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t, store.SQLite)
	rows, err := db.QueryContext(context.Background(), `SELECT m.name || '.' || c.name FROM sqlite_master m
		JOIN pragma_table_info(m.name) c WHERE m.type = 'table' AND c.name LIKE '%blob%' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var schema []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		schema = append(schema, s)
	}
	swept, queries := apply.BlobColumnsForTest()
	slices.Sort(swept)
	if len(schema) < 5 || !slices.Equal(schema, swept) {
		t.Fatalf("blob columns in the schema:\n\t%s\nchecked by the sweep:\n\t%s", strings.Join(schema, " "), strings.Join(swept, " "))
	}
	for _, c := range swept {
		table, column, _ := strings.Cut(c, ".")
		for _, q := range queries {
			if !regexp.MustCompile(`FROM ` + table + ` WHERE (substr\()?` + column + `\b`).MatchString(q) {
				t.Errorf("the sweep's query does not check %s:\n%s", c, q)
			}
		}
	}
}

func (e *env) put(t *testing.T, content string) string {
	t.Helper()
	info, err := e.blobs.Put(context.Background(), strings.NewReader(content), 100)
	if err != nil {
		t.Fatal(err)
	}
	return info.Key
}

func (e *env) blobPath(key string) string { return filepath.Join(e.dir, key[:2], key) }

// backdate makes a blob look written at when.
func (e *env) backdate(t *testing.T, key string, when time.Time) {
	t.Helper()
	if e.s3 != nil {
		e.s3.Backdate(t, key, when)
		return
	}
	if err := os.Chtimes(e.blobPath(key), when, when); err != nil {
		t.Fatal(err)
	}
}

// abandonWrite leaves a write unfinished, as a crash at when would: a
// temporary file on disk, a multipart upload with one part on S3.
func (e *env) abandonWrite(t *testing.T, when time.Time) {
	t.Helper()
	if e.s3 == nil {
		tmp := filepath.Join(e.dir, "tmp", "put-crashed")
		os.WriteFile(tmp, []byte("half"), 0o600)
		os.Chtimes(tmp, when, when)
		return
	}
	c, key := e.s3.Client(t), "00000000000000000000000000000000"
	id, err := c.NewMultipartUpload(t.Context(), e.s3.Bucket, key, minio.PutObjectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.PutObjectPart(t.Context(), e.s3.Bucket, key, id, 1, strings.NewReader("half"), 4, minio.PutObjectPartOptions{}); err != nil {
		t.Fatal(err)
	}
	e.s3.BackdateUploads(t, when)
}

// unfinishedWrites counts temporary files or unfinished uploads.
func (e *env) unfinishedWrites(t *testing.T) int {
	t.Helper()
	if e.s3 == nil {
		files, _ := os.ReadDir(filepath.Join(e.dir, "tmp"))
		return len(files)
	}
	n := 0
	for up := range e.s3.Client(t).ListIncompleteUploads(t.Context(), e.s3.Bucket, "", true) {
		if up.Err != nil {
			t.Fatal(up.Err)
		}
		n++
	}
	return n
}

// exists opens a blob: nil if it is there.
func (e *env) exists(t *testing.T, key string) error {
	t.Helper()
	r, err := e.blobs.Open(t.Context(), key)
	if err == nil {
		r.Close()
	}
	return err
}

// execSQL runs one write (in a transaction: SQLite writes go through
// the single writer).
func execSQL(t *testing.T, db *store.DB, q string, args ...any) {
	t.Helper()
	insertID(t, db, q, args...)
}

// insertID runs one write and returns the id it RETURNING-s, if any.
func insertID(t *testing.T, db *store.DB, q string, args ...any) int64 {
	t.Helper()
	var id int64
	err := db.Tx(context.Background(), func(tx *store.Tx) error {
		if !strings.Contains(q, "RETURNING") {
			_, err := tx.ExecContext(context.Background(), q, args...)
			return err
		}
		return tx.QueryRowContext(context.Background(), q, args...).Scan(&id)
	})
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return id
}

func blobKeyOf(t *testing.T, db *store.DB, q string, args ...any) string {
	t.Helper()
	var k string
	if err := db.QueryRowContext(context.Background(), q, args...).Scan(&k); err != nil {
		t.Fatal(err)
	}
	return k
}

// referenceFromMailbox files key as the attachment of a message (minimal
// rows; package mailbox's own tests cover how they are written).
func referenceFromMailbox(t *testing.T, db *store.DB, tenantID tenant.ID, appID int64, key string) {
	msg := insertID(t, db, `INSERT INTO mailbox_message (tenant_id, application_id, direction, subject, body, created_at)
		VALUES ($1, $2, 'from_applicant', 'Nachreichung', '', $3) RETURNING id`, tenantID, appID, time.Now().UTC())
	execSQL(t, db, `INSERT INTO mailbox_attachment (message_id, file_name, media_type, size, sha256, blob_key)
		VALUES ($1, 'a.pdf', 'application/pdf', 4, '', $2)`, msg, key)
}

// referenceFromCase makes key a case's notice and files filed in the case
// file (akte_document, ref "notice:1").
func referenceFromCase(t *testing.T, db *store.DB, tenantID tenant.ID, appID int64, key, filed string) {
	now := time.Now().UTC()
	// A case names an authority of its own tenant (composite key, 00160).
	authority := insertID(t, db, `INSERT INTO authority (tenant_id, authority_key, name, updated_at)
		VALUES ($1, 'lra', 'LRA', $2) RETURNING id`, tenantID, now)
	caseID := insertID(t, db, `INSERT INTO case_record (tenant_id, application_id, reference, procedure_id,
		procedure_version, procedure_title, authority_id, clearing, status, applicant_name, applicant_folded, received_at,
		approval_fiction, updated_at) VALUES ($1, $2, 'R-1', 'test-nachweis', 1, 'Test', $4, FALSE, 'received', 'A', 'a', $3, FALSE, $3)
		RETURNING id`, tenantID, appID, now, authority)
	execSQL(t, db, `INSERT INTO case_notice (case_id, tenant_id, application_id, authority_id, outcome, title, body, remedy, status,
		four_eyes, author_id, blob_key, sha256, created_at, updated_at) VALUES ($1, $2, $3, $6, 'granted', 'B', '', '', 'sent',
		FALSE, 1, $4, $4, $5, $5)`, caseID, tenantID, appID, key, now, authority)
	execSQL(t, db, `INSERT INTO akte_file (case_id, tenant_id, reference, title, procedure_id, authority_name, retention, guid, opened_at)
		VALUES ($1, $2, 'R-1', 'T', 'test-nachweis', 'LRA', 'P1Y', 'g', $3)`, caseID, tenantID, now)
	execSQL(t, db, `INSERT INTO akte_document (case_id, seq, kind, title, file_name, media_type, size, sha256, blob_key, author, ref,
		guid, filed_at) VALUES ($1, 1, 'notice', 'B', 'b.pdf', 'application/pdf', 4, '', $2, 'x', 'notice:1', 'g2', $3)`,
		caseID, filed, now)
}
