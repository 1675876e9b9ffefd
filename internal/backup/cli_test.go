package backup_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/blob/keyring"
	"github.com/amtsweg/amtsweg/internal/cli"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

func run(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = cli.Main(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestCommands drives `amtsweg backup` and `amtsweg restore` on each
// engine: a compressed backup, a refused second backup over the same
// file, a restore, a refused second restore into the now full target,
// and audit verify on the restored installation.
func TestCommands(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			src, _, _ := small(t, d, "unused.tar")
			out := filepath.Join(t.TempDir(), "sicherung.tar.gz")
			code, stdout, stderr := run("backup", "--data", src.dir, "--database", src.dsn, "--out", out, "--log-level", "warn")
			if code != 0 || !strings.Contains(stdout, "backup written to") || !strings.Contains(stdout, "keep them apart") {
				t.Fatalf("backup: exit %d\n%s%s", code, stdout, stderr)
			}
			if code, _, stderr = run("backup", "--data", src.dir, "--database", src.dsn, "--out", out); code != 1 || !strings.Contains(stderr, "exists") {
				t.Fatalf("backup over an existing file: exit %d, %s", code, stderr)
			}
			if code, _, stderr = run("restore", "--data", t.TempDir()); code != 2 || !strings.Contains(stderr, "need a PATH") {
				t.Fatalf("restore without a backup: exit %d, %s", code, stderr)
			}
			dst := newInstall(t, d, false) // with a master key of its own, not the source's
			code, stdout, stderr = run("restore", "--data", dst.dir, "--database", dst.dsn, "--log-level", "warn", out)
			if code != 0 || !strings.Contains(stdout, "restored") {
				t.Fatalf("restore: exit %d\n%s%s", code, stdout, stderr)
			}
			srcMaster, err := keyring.NewMaster(src.master)
			check(t, err)
			if !strings.Contains(stderr, "WARNING") || !strings.Contains(stderr, srcMaster.ID) {
				t.Fatalf("restore into an installation with another master key does not warn naming the source's %s:\n%s", srcMaster.ID, stderr)
			}
			code, _, stderr = run("restore", "--data", dst.dir, "--database", dst.dsn, "--log-level", "warn", out)
			if code != 1 || !strings.Contains(stderr, "not empty") {
				t.Fatalf("second restore: exit %d, %s", code, stderr)
			}
			auditVerify(t, dst)
		})
	}
}

// TestRestoreAcrossEngines restores a SQLite backup into PostgreSQL and a
// PostgreSQL backup into SQLite: the engine-neutral rows carry over, the
// app serves the same receipt and notice and audit verify passes.
func TestRestoreAcrossEngines(t *testing.T) {
	if len(storetest.Dialects()) < 2 {
		t.Skip("needs PostgreSQL (" + storetest.EnvPostgres + ")")
	}
	for _, c := range [][2]store.Dialect{{store.SQLite, store.Postgres}, {store.Postgres, store.SQLite}} {
		t.Run(c[0].String()+"-to-"+c[1].String(), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			src, f, _ := small(t, c[0], "b.tar")
			secret, err := src.w.Mailbox.GuestLink(ctx, f.app.ID, f.owner, "", mail.German)
			check(t, err)
			before := serveAndFetch(t, src, f, secret)
			path := writeBackup(t, src, "with-link.tar")
			dst := newInstall(t, c[1], false)
			giveSecrets(t, src, dst)
			_, err = restoreInto(dst, path)
			check(t, err)
			after := serveAndFetch(t, dst, f, secret)
			if !bytes.Equal(before.receipt, after.receipt) || !bytes.Equal(before.notice, after.notice) {
				t.Error("the restored installation serves another receipt or notice")
			}
			auditVerify(t, dst)
		})
	}
}
