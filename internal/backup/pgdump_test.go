package backup_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestPgDumpRestore is the PostgreSQL production path of docs/backup.md:
// pg_dump -Fc of an installation's database, pg_restore into a fresh
// database, the files copied as a bucket sync would, and the app started
// on the copy serves the same receipt and notice; audit verify passes.
func TestPgDumpRestore(t *testing.T) {
	base := os.Getenv(storetest.EnvPostgres)
	if base == "" {
		t.Skip("needs PostgreSQL (" + storetest.EnvPostgres + ")")
	}
	for _, tool := range []string{"pg_dump", "pg_restore"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is not installed (postgresql-client): %v", tool, err)
		}
	}
	t.Parallel()
	ctx := context.Background()
	src, f, _ := small(t, store.Postgres, "unused.tar")
	secret, err := src.w.Mailbox.GuestLink(ctx, f.app.ID, f.owner, "", mail.German)
	check(t, err)
	before := serveAndFetch(t, src, f, secret)

	schema := searchPath(t, src.dsn)
	dump := filepath.Join(t.TempDir(), "amtsweg.dump")
	pg(t, "pg_dump", "--format=custom", "--schema="+schema, "--file="+dump, base)
	fresh := freshDatabase(t, base)
	// A whole-database dump carries the extension; this one holds one
	// schema of the shared test database, so the extension is made first.
	exec1(t, fresh, "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
	pg(t, "pg_restore", "--no-owner", "--exit-on-error", "--dbname="+fresh, dump)

	dst := &install{dir: t.TempDir(), master: src.master}
	// The blobs (the bucket sync), the checkpoint file, and the keys the
	// operator kept apart and gives the restored installation: audit.key,
	// blob-master.key (the dump holds the data keys only wrapped by it).
	copyDir(t, src.dir, dst.dir)
	check(t, os.WriteFile(filepath.Join(dst.dir, "seal.key"), []byte(hex.EncodeToString(sealSecret)+"\n"), 0o600))
	dst.dsn = withSearchPath(t, fresh, schema)
	dst.db, err = store.Open(ctx, dst.dsn)
	check(t, err)
	t.Cleanup(func() { dst.db.Close() })
	after := serveAndFetch(t, dst, f, secret)
	if !bytes.Equal(before.receipt, after.receipt) || !bytes.Equal(before.notice, after.notice) {
		t.Error("the database restored by pg_restore serves another receipt or notice")
	}
	auditVerify(t, dst)
}

func pg(t *testing.T, tool string, args ...string) {
	t.Helper()
	out, err := exec.Command(tool, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", tool, err, out)
	}
}

func searchPath(t *testing.T, dsn string) string {
	u, err := url.Parse(dsn)
	check(t, err)
	return u.Query().Get("search_path")
}

func withSearchPath(t *testing.T, dsn, schema string) string {
	u, err := url.Parse(dsn)
	check(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// freshDatabase creates a database on the test server, dropped when the
// test ends, and returns its URL.
func freshDatabase(t *testing.T, base string) string {
	b := make([]byte, 6)
	rand.Read(b)
	name := "amtsweg_restore_" + hex.EncodeToString(b)
	exec1(t, base, "CREATE DATABASE "+name)
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err == nil {
			db.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
			db.Close()
		}
	})
	u, err := url.Parse(base)
	check(t, err)
	u.Path = "/" + name
	return u.String()
}

func exec1(t *testing.T, dsn, q string) {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	check(t, err)
	defer db.Close()
	_, err = db.Exec(q)
	check(t, err)
}

// copyDir copies the regular files under from into to.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	check(t, filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		target := filepath.Join(to, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o750); err != nil {
			return err
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(target)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	}))
}
