package cli

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestRetentionRunOnS3: `amtsweg retention run --blob-url s3://…` deletes
// the files of a case file whose retention ran out from the bucket, on
// both databases; a bad --blob-url is a clear error that deletes nothing.
func TestRetentionRunOnS3(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			srv := blobtest.StartS3(t)
			dsn, dir := storetest.DSN(t, d), t.TempDir()
			decidedCase(t, dsn, dir, srv.URL)
			keys := dueFileKeys(t, dsn)
			flags := []string{"--database", dsn, "--data", dir}
			if code, _, errs := run(t, append([]string{"retention", "run", "--blob-url", strings.Replace(srv.URL, "tls=false", "tls=maybe", 1)}, flags...)...); code == 0 || !strings.Contains(errs, "parameter tls") {
				t.Fatalf("bad blob URL: exit %d, %q", code, errs)
			}
			blobs, err := blob.Open(context.Background(), srv.URL, "")
			if err != nil {
				t.Fatal(err)
			}
			for _, k := range keys {
				if _, err := blobs.Open(context.Background(), k); err != nil {
					t.Fatalf("before the run, blob %s: %v", k, err)
				}
			}
			code, out, errs := run(t, append([]string{"retention", "run", "--blob-url", srv.URL}, flags...)...)
			if code != 0 || !strings.Contains(out, "deleted 1 files") {
				t.Fatalf("retention run: %d %q %q", code, out, errs)
			}
			for _, k := range keys {
				if _, err := blobs.Open(context.Background(), k); !fault.Is(err, fault.NotFound) {
					t.Fatalf("blob %s of the deleted case file is still in the bucket: %v", k, err)
				}
			}
		})
	}
}

// dueFileKeys makes every case file due for deletion and returns the
// blob keys of its documents.
func dueFileKeys(t *testing.T, dsn string) []string {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Writer().ExecContext(ctx, `UPDATE akte_file SET delete_after = $1`, time.Now().UTC().AddDate(0, 0, -1)); err != nil {
		t.Fatal(err)
	}
	rows, err := db.QueryContext(ctx, `SELECT blob_key FROM akte_document ORDER BY seq`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
	}
	if len(keys) == 0 {
		t.Fatal("the case file has no documents")
	}
	return keys
}
