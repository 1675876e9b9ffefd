package backup_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/blob/keyring"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/casework/caseworktest"
	"github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

func check(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// install is one installation of a test: its data directory (blobs,
// checkpoint file, audit.key, blob-master.key), its database and the case
// world over them.
type install struct {
	dir, dsn string
	db       *store.DB
	// blobURL names the file store (blob.Open): "" is DATA/blobs, s3://…
	// a bucket; blobs is that raw (encrypted) store.
	blobURL string
	blobs   blob.Lister
	// master is the blob master key in DATA/blob-master.key: random per
	// installation, so a restored one reads its files only when given the
	// source's (useMaster).
	master []byte
	w      *caseworktest.World
	anchor audit.Anchor
	tenant tenant.ID
	staff  casework.Staff
	// uploadSize is the size of each application's upload (0: 80 bytes).
	uploadSize int
}

// auditKey and sealSecret are the installation's secrets, kept outside
// the backup: the restored installation is given the same.
var auditKey, sealSecret = bytes.Repeat([]byte{7}, 32), bytes.Repeat([]byte{9}, 32)

// newInstall opens a fresh database of dialect d (migrated when migrate)
// and a data directory with the audit key and a master key of its own;
// the files are on disk in DATA/blobs.
func newInstall(t *testing.T, d store.Dialect, migrate bool) *install {
	t.Helper()
	return newInstallOn(t, d, migrate, "")
}

// newInstallOn is newInstall with the files in the store blobURL names
// (an s3://… bucket).
func newInstallOn(t *testing.T, d store.Dialect, migrate bool, blobURL string) *install {
	t.Helper()
	in := &install{dir: t.TempDir(), blobURL: blobURL}
	in.dsn = storetest.DSN(t, d)
	var err error
	in.db, err = store.Open(context.Background(), in.dsn)
	check(t, err)
	t.Cleanup(func() { in.db.Close() })
	if migrate {
		check(t, in.db.Migrate(context.Background(), quiet))
	}
	in.blobs, err = blob.Open(context.Background(), blobURL, filepath.Join(in.dir, "blobs"))
	check(t, err)
	check(t, os.WriteFile(filepath.Join(in.dir, "audit.key"), []byte(hex.EncodeToString(auditKey)+"\n"), 0o600))
	in.anchor = audit.Anchor{Key: auditKey, File: filepath.Join(in.dir, "audit-checkpoints.jsonl")}
	in.master = make([]byte, 32)
	rand.Read(in.master)
	in.useMaster(t, in.master)
	return in
}

// useMaster gives the installation the blob master key key, as an
// operator gives a restored installation the source's: in
// DATA/blob-master.key, where serve reads it.
func (in *install) useMaster(t *testing.T, key []byte) {
	t.Helper()
	in.master = key
	check(t, os.WriteFile(filepath.Join(in.dir, "blob-master.key"), []byte(hex.EncodeToString(key)+"\n"), 0o600))
}

// keys is the installation's keyring under its master key.
func (in *install) keys(t *testing.T) *keyring.Keyring {
	t.Helper()
	m, err := keyring.NewMaster(in.master)
	check(t, err)
	return keyring.New(in.db, m)
}

// sealed is the installation's encrypted store, as the app opens it.
func (in *install) sealed(t *testing.T) *blob.Sealed {
	return blob.NewSealed(in.blobs, in.keys(t), false)
}

// world wires the case world over the installation (its database must
// be migrated). Like a real first start, the keyring records that the
// store held no plaintext files from before encryption.
func (in *install) world(t *testing.T) *caseworktest.World {
	if in.w == nil {
		in.w = caseworktest.New(t, in.db, caseworktest.Config{BlobDir: filepath.Join(in.dir, "blobs"), BlobURL: in.blobURL,
			BlobMaster: in.master, SealSecret: sealSecret})
		_, err := in.keys(t).Plaintext(context.Background(), func(context.Context) (bool, error) { return false, nil })
		check(t, err)
	}
	return in.w
}

const uploadProcedure = `id: sicherung
version: 1
title: {de: Sicherungstest, en: Backup test}
assurance: low
guest: true
deadline: P3M
retention: P10Y
pages:
  - id: p
    title: {de: Angaben, en: Details}
    fields:
      - {id: name, type: short_text, label: {de: Name, en: Name}, required: true}
      - {id: anlage, type: file, label: {de: Anlage, en: Attachment}, required: true, media_types: [image/png], max_size: 1048576, max_files: 2}
`

// seed fills the installation: a tenant with its admin, the procedure
// with an upload field.
func (in *install) seed(t *testing.T) {
	w := in.world(t)
	in.tenant, _ = w.Tenant(t, tenant.Tenant{Slug: "bk", Name: "Sicherungsstadt"})
	in.staff = w.Admin(t, in.tenant, "Ada Admin")
	_, err := procedure.Import(context.Background(), in.db, []byte(uploadProcedure), "sicherung.yaml")
	check(t, err)
}

// filed is one application with everything that hangs on it.
type filed struct {
	app     apply.Application
	owner   apply.Owner
	caseID  int64
	receipt []byte // the receipt PDF as served
	notice  []byte // the notice PDF as stored
	upload  []byte
}

// png is a file of size bytes (at least 80) the upload field takes
// (sniffed as image/png).
func png(n, size int) []byte {
	b := make([]byte, max(size-16, 64))
	rand.Read(b)
	return append([]byte(fmt.Sprintf("\x89PNG\r\n\x1a\n%08d", n)), b...)
}

// submit files one guest application with an upload and returns it; with
// decide it also gets a message with a file and a sealed notice.
func (in *install) submit(ctx context.Context, n int, decide bool) (filed, error) {
	w := in.w
	f := filed{owner: apply.Owner{TenantID: in.tenant}, upload: png(n, in.uploadSize)}
	a, secret, err := w.Apps.Start(ctx, apply.StartInput{TenantID: in.tenant, ProcedureID: "sicherung", Owner: f.owner})
	if err != nil {
		return f, err
	}
	f.owner.Secret = secret
	if _, err = w.Apps.SavePage(ctx, a.ID, f.owner, "p", map[string]any{"name": fmt.Sprintf("Person %d", n)}); err != nil {
		return f, err
	}
	if _, err = w.Apps.Upload(ctx, a.ID, f.owner, "anlage", "anlage.png", "image/png", bytes.NewReader(f.upload)); err != nil {
		return f, fmt.Errorf("upload: %w", err)
	}
	if _, err = w.Apps.Submit(ctx, a.ID, f.owner, fmt.Sprintf("key-%d", a.ID)); err != nil {
		return f, err
	}
	if err = w.Cases.OnSubmitted(ctx, a.ID); err != nil {
		return f, err
	}
	if f.app, err = w.Apps.Get(ctx, a.ID, f.owner); err != nil {
		return f, err
	}
	if f.receipt, err = w.Apps.ReceiptPDF(ctx, a.ID, f.owner, "de"); err != nil {
		return f, fmt.Errorf("receipt: %w", err)
	}
	if err = in.db.QueryRowContext(ctx, `SELECT id FROM case_record WHERE application_id = $1`, a.ID).Scan(&f.caseID); err != nil {
		return f, err
	}
	if decide {
		err = in.decide(ctx, &f)
	}
	return f, err
}

// decide claims the case, posts a message with a file and sends a notice.
func (in *install) decide(ctx context.Context, f *filed) error {
	w := in.w
	if _, err := w.Cases.Claim(ctx, in.staff, f.caseID); err != nil {
		return fmt.Errorf("claim: %w", err)
	}
	_, err := w.Mailbox.PostToApplicant(ctx, in.staff, f.caseID, mailbox.Post{Subject: "Hinweis", Body: "Bitte beachten.",
		Files: []mailbox.Upload{{Name: "Hinweis.pdf", DeclaredType: "application/pdf", Content: strings.NewReader("%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")}}})
	if err != nil {
		return fmt.Errorf("post: %w", err)
	}
	f.notice = []byte(fmt.Sprintf("%%PDF-1.7\n%% Bescheid %d\n%%%%EOF\n", f.caseID))
	if _, err := w.Cases.SendExternalNotice(ctx, in.staff, f.caseID, casework.Approved, "Bescheid", f.notice); err != nil {
		return fmt.Errorf("notice: %w", err)
	}
	return nil
}

// checkpoint takes a signed audit checkpoint.
func (in *install) checkpoint(t testing.TB) {
	t.Helper()
	_, err := in.anchor.Take(context.Background(), in.db, time.Now())
	check(t, err)
}
