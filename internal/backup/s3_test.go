package backup_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestRestoreDrillS3 is the restore drill with the files in object
// storage, through the real commands: `amtsweg backup --data --database
// --blob-url` of an installation whose sealed files are in one versitygw
// bucket, `amtsweg restore` into an empty installation with another
// bucket, then the app on the restored one serves the same receipt and
// notice and audit verify passes. It also moves installations between
// stores: disk → S3 and S3 → disk.
func TestRestoreDrillS3(t *testing.T) {
	for _, d := range storetest.Dialects() {
		for _, c := range []struct{ name, from, to string }{{"s3-to-s3", "s3", "s3"}, {"disk-to-s3", "", "s3"}, {"s3-to-disk", "s3", ""}} {
			t.Run(d.String()+"/"+c.name, func(t *testing.T) {
				t.Parallel()
				s3Drill(t, d, storeURL(t, c.from), storeURL(t, c.to))
			})
		}
	}
}

// storeURL is the blob URL of kind: a fresh bucket for "s3", the data
// directory's disk for "".
func storeURL(t *testing.T, kind string) string {
	if kind == "s3" {
		return blobtest.S3(t)
	}
	return ""
}

func s3Drill(t *testing.T, d store.Dialect, fromURL, toURL string) {
	ctx := context.Background()
	src := newInstallOn(t, d, true, fromURL)
	src.seed(t)
	f, err := src.submit(ctx, 0, true)
	check(t, err)
	secret, err := src.w.Mailbox.GuestLink(ctx, f.app.ID, f.owner, "", mail.German)
	check(t, err)
	src.checkpoint(t)
	before := serveAndFetch(t, src, f, secret)

	out := filepath.Join(t.TempDir(), "sicherung.tar.gz")
	code, stdout, stderr := run("backup", "--data", src.dir, "--database", src.dsn, "--blob-url", src.blobURL, "--out", out, "--log-level", "warn")
	if code != 0 || !strings.Contains(stdout, "backup written to") {
		t.Fatalf("backup: exit %d\n%s%s", code, stdout, stderr)
	}
	dst := newInstallOn(t, d, false, toURL)
	giveSecrets(t, src, dst) // before the restore: then it checks the master key given
	code, stdout, stderr = run("restore", "--data", dst.dir, "--database", dst.dsn, "--blob-url", dst.blobURL, "--log-level", "warn", out)
	if code != 0 || !strings.Contains(stdout, "restored") || strings.Contains(stderr, "WARNING") {
		t.Fatalf("restore: exit %d\n%s%s", code, stdout, stderr)
	}
	checkKeyringState(t, dst)
	onlyIn(t, dst)

	after := serveAndFetch(t, dst, f, secret)
	if !bytes.Equal(after.receipt, before.receipt) || !bytes.Equal(after.notice, before.notice) {
		t.Error("the restored installation serves another receipt or notice")
	}
	checkFilesMoved(t, src, dst)
	auditVerify(t, dst)
}

// countFiles counts the files in a raw store.
func countFiles(t *testing.T, l blob.Lister) int {
	t.Helper()
	n := 0
	check(t, l.Walk(context.Background(), func(blob.Entry) error { n++; return nil }))
	return n
}

// onlyIn fails when the restored files went anywhere but dst's store:
// restored into a bucket, the data directory holds no file.
func onlyIn(t *testing.T, dst *install) {
	t.Helper()
	if dst.blobURL == "" {
		return
	}
	err := filepath.WalkDir(filepath.Join(dst.dir, "blobs"), func(p string, e os.DirEntry, err error) error {
		if errors.Is(err, os.ErrNotExist) {
			return filepath.SkipDir
		}
		if err == nil && !e.IsDir() {
			return errors.New("file " + p)
		}
		return err
	})
	if err != nil {
		t.Errorf("the restore into a bucket wrote to the data directory: %v", err)
	}
}

// checkFilesMoved: every file of the source is in the target's store
// with the same sealed bytes and opens to the same content.
func checkFilesMoved(t *testing.T, src, dst *install) {
	t.Helper()
	n := 0
	check(t, src.blobs.Walk(context.Background(), func(e blob.Entry) error {
		n++
		if !bytes.Equal(read(t, src.blobs, e.Key), read(t, dst.blobs, e.Key)) {
			t.Errorf("file %s differs in the target's store", e.Key)
		}
		if !bytes.Equal(read(t, src.sealed(t), e.Key), read(t, dst.sealed(t), e.Key)) {
			t.Errorf("file %s opens to another content in the target", e.Key)
		}
		return nil
	}))
	if got := countFiles(t, dst.blobs); n < 4 || got != n {
		t.Errorf("%d files in the source's store, %d in the target's", n, got)
	}
}
