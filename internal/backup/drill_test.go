package backup_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/backup"
	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/cli"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestRestoreDrill is the restore drill (Wiederherstellungsübung) on each
// engine: an installation with a submitted application, its upload and
// receipt, a case with a message, a file and a notice, audit entries and
// checkpoints is backed up while it keeps taking applications and
// checkpoints; the backup is restored into an empty installation, the
// app is started on it and serves the same receipt and notice, byte for
// byte, audit verify passes and the restored installation takes new
// applications.
func TestRestoreDrill(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			drill(t, d)
		})
	}
}

func drill(t *testing.T, d store.Dialect) {
	ctx := context.Background()
	src := newInstall(t, d, true)
	src.seed(t)
	first, err := src.submit(ctx, 0, true)
	check(t, err)
	secret, err := src.w.Mailbox.GuestLink(ctx, first.app.ID, first.owner, "", mail.German)
	check(t, err)
	src.checkpoint(t)
	before := serveAndFetch(t, src, first, secret)

	path := filepath.Join(t.TempDir(), "sicherung.tar")
	during := backupWhileWriting(t, src, path)
	t.Logf("%s: %d applications submitted while the backup ran", d, during)

	dst := newInstall(t, d, false)
	giveSecrets(t, src, dst)
	m, err := backup.Restore(ctx, backup.Target{DB: dst.db, Blobs: dst.blobs, CheckpointFile: dst.anchor.File, Log: quiet}, path)
	check(t, err)
	checkRowCounts(t, dst.db, m)
	checkBlobsEqual(t, src, dst, m)
	checkKeyringState(t, dst)

	after := serveAndFetch(t, dst, first, secret)
	if !bytes.Equal(after.receipt, before.receipt) || !bytes.Equal(after.receipt, first.receipt) {
		t.Error("the restored installation serves another receipt PDF")
	}
	if !bytes.Equal(after.notice, before.notice) {
		t.Error("the restored installation serves another notice PDF")
	}
	auditVerify(t, dst)
	dst.tenant, dst.staff = src.tenant, reloadStaff(t, dst, src.staff)
	f, err := dst.submit(ctx, 999, true) // identity counters and keys carry on
	check(t, err)
	if f.app.Reference == first.app.Reference || f.app.ID <= first.app.ID {
		t.Errorf("new application after restore: id %d, reference %s", f.app.ID, f.app.Reference)
	}
}

// backupWhileWriting writes a backup of src to path while a writer
// submits applications (every third decided) and takes checkpoints; it
// returns how many were submitted while the backup ran. The backup's
// first write (after its snapshot began) waits until the writer has
// submitted three more, so writes surely land between the snapshot and
// the copying of the files.
func backupWhileWriting(t *testing.T, src *install, path string) int64 {
	ctx := context.Background()
	var n atomic.Int64
	stop, done := make(chan struct{}), make(chan error, 1)
	progress := make(chan int64, 1)
	go func() {
		defer close(progress)
		for i := 1; ; i++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			if _, err := src.submit(ctx, i, i%3 == 0); err != nil {
				done <- err
				return
			}
			if _, err := src.anchor.Take(ctx, src.db, time.Now()); err != nil {
				done <- err
				return
			}
			select { // the latest count, never blocking the writer
			case <-progress:
			default:
			}
			progress <- n.Add(1)
		}
	}()
	f, err := os.Create(path)
	check(t, err)
	var at int64 = -1
	gate := &gatedWriter{w: f, first: func() {
		at = n.Load()
		for c := range progress {
			if c >= at+3 {
				return
			}
		}
	}}
	_, err = backup.Write(ctx, backup.Source{DB: src.db, Blobs: src.blobs, CheckpointFile: src.anchor.File, Log: quiet}, gate)
	during := n.Load() - at
	close(stop)
	check(t, f.Close())
	check(t, err)
	check(t, <-done)
	if during < 3 {
		t.Fatalf("only %d applications were submitted while the backup ran", during)
	}
	return during
}

// gatedWriter calls first before its first write.
type gatedWriter struct {
	w     io.Writer
	first func()
	once  sync.Once
}

func (g *gatedWriter) Write(p []byte) (int, error) {
	g.once.Do(g.first)
	return g.w.Write(p)
}

// served is what the app served for the first application.
type served struct{ receipt, notice []byte }

// serveAndFetch starts the app on the installation and fetches, through
// the guest's mailbox link, the receipt and the notice of f.
func serveAndFetch(t *testing.T, in *install, f filed, secret string) served {
	base := browsertest.Start(t, browsertest.WithDatabaseURL(in.dsn), browsertest.WithConfig(func(c *config.Config) {
		c.DataDir, c.BlobURL, c.Demo, c.Jobs, c.LogLevel = in.dir, in.blobURL, false, false, "warn"
	}))
	var noticeID int64
	check(t, in.db.QueryRowContext(context.Background(), `SELECT id FROM case_notice WHERE case_id = $1`, f.caseID).Scan(&noticeID))
	return served{
		receipt: get(t, base+"/postfach/gast/"+secret+"/antrag/eingangsbestaetigung.pdf"),
		notice:  get(t, fmt.Sprintf("%s/postfach/gast/%s/bescheide/%d", base, secret, noticeID)),
	}
}

func get(t *testing.T, url string) []byte {
	t.Helper()
	res, err := http.Get(url)
	check(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	check(t, err)
	if res.StatusCode != http.StatusOK || !bytes.HasPrefix(body, []byte("%PDF-")) {
		t.Fatalf("GET %s: status %d, %d bytes starting %q", url, res.StatusCode, len(body), body[:min(len(body), 40)])
	}
	return body
}

// giveSecrets does what the operator does before the restored
// installation's first start: give it the source's seal secret and blob
// master key (the audit key is the same in every test installation).
func giveSecrets(t *testing.T, src, dst *install) {
	t.Helper()
	check(t, os.WriteFile(filepath.Join(dst.dir, "seal.key"), fmt.Appendf(nil, "%x\n", sealSecret), 0o600))
	dst.useMaster(t, src.master)
}

// checkKeyringState: the keyring's state travelled with the database. A
// restored installation whose store holds files would otherwise decide
// at its first start that they may be plaintext from before encryption
// and read header-less blobs as they are.
func checkKeyringState(t *testing.T, dst *install) {
	t.Helper()
	plain, err := dst.keys(t).Plaintext(context.Background(), func(context.Context) (bool, error) { return true, nil })
	check(t, err)
	if plain {
		t.Error("the restored installation reads plaintext files: the keyring state (blob_keyring) did not travel")
	}
}

// checkRowCounts compares every table's rows with the manifest.
func checkRowCounts(t *testing.T, db *store.DB, m backup.Manifest) {
	t.Helper()
	for _, tab := range m.Tables {
		var n int64
		check(t, db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM "`+tab.Table+`"`).Scan(&n))
		if n != tab.Rows {
			t.Errorf("table %s: %d rows restored, %d in the backup", tab.Table, n, tab.Rows)
		}
	}
}

// checkBlobsEqual checks that every file the restored rows reference is
// there with the source's bytes (ciphertext, under the same key), that it
// opens with the restored data keys to the source's plaintext (the key
// is part of what a file is sealed with), that it is not stored in
// clear, and that the snapshot was consistent: every referenced file is
// in the backup.
func checkBlobsEqual(t *testing.T, src, dst *install, m backup.Manifest) {
	t.Helper()
	ctx := context.Background()
	rows, err := dst.db.QueryContext(ctx, `SELECT receipt_blob FROM application WHERE receipt_blob IS NOT NULL
		UNION SELECT blob_key FROM application_attachment UNION SELECT blob_key FROM mailbox_attachment
		UNION SELECT blob_key FROM case_notice WHERE blob_key IS NOT NULL UNION SELECT blob_key FROM akte_document`)
	check(t, err)
	defer rows.Close()
	var n int
	for rows.Next() {
		var key string
		check(t, rows.Scan(&key))
		raw := read(t, dst.blobs, key)
		if !bytes.Equal(read(t, src.blobs, key), raw) {
			t.Errorf("file %s differs after the restore", key)
		}
		plain := read(t, dst.sealed(t), key)
		if !bytes.Equal(read(t, src.sealed(t), key), plain) {
			t.Errorf("file %s opens to another content after the restore", key)
		}
		if len(plain) > 16 && bytes.Contains(raw, plain[:16]) {
			t.Errorf("file %s is stored in clear", key)
		}
		n++
	}
	check(t, rows.Err())
	if n != len(m.Blobs) || n < 4 {
		t.Errorf("%d files referenced after the restore, %d in the backup", n, len(m.Blobs))
	}
}

func read(t *testing.T, s interface {
	Open(context.Context, string) (io.ReadCloser, error)
}, key string) []byte {
	t.Helper()
	rc, err := s.Open(context.Background(), key)
	check(t, err)
	defer rc.Close()
	b, err := io.ReadAll(rc)
	check(t, err)
	return b
}

// auditVerify runs `amtsweg audit verify` on the installation; it must
// find the chain intact and the latest checkpoint matching.
func auditVerify(t *testing.T, in *install) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := cli.Main(context.Background(), []string{"audit", "verify", "--data", in.dir, "--database", in.dsn}, &out, &errOut)
	if code != 0 || !strings.Contains(out.String(), "chain intact") || !strings.Contains(out.String(), "latest checkpoint: row") {
		t.Fatalf("audit verify: exit %d\n%s%s", code, out.String(), errOut.String())
	}
}

// reloadStaff reads the staff principal back from the restored database.
func reloadStaff(t *testing.T, in *install, s casework.Staff) casework.Staff {
	t.Helper()
	in.world(t)
	got, err := casework.LoadStaff(context.Background(), in.db, s.TenantID, s.AccountID)
	check(t, err)
	return got
}
