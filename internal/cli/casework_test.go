package cli

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestCaseworkCommands decides a case with a sealed notice, then checks
// `verify notice` on the PDF and a modified copy, `export xdomea` and
// `retention run --dry-run` on the same database.
func TestCaseworkCommands(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			dsn, dir := storetest.DSN(t, d), t.TempDir()
			ref, pdf := decidedCase(t, dsn, dir, "")
			file := filepath.Join(dir, "bescheid.pdf")
			os.WriteFile(file, pdf, 0o600)
			flags := []string{"--database", dsn, "--data", dir}
			code, out, errs := run(t, append([]string{"verify", "notice", file}, flags...)...)
			if code != 0 || !strings.Contains(out, "VALID") || !strings.Contains(out, ref) || !strings.Contains(out, "Landratsamt Görlitz") {
				t.Fatalf("verify: %d %q %q", code, out, errs)
			}
			changed := filepath.Join(dir, "geaendert.pdf")
			os.WriteFile(changed, append(pdf, '\n'), 0o600)
			if code, out, _ := run(t, append([]string{"verify", "notice", changed}, flags...)...); code != 1 || !strings.Contains(out, "INVALID") {
				t.Fatalf("modified copy: %d %q", code, out)
			}
			zip := filepath.Join(dir, "akte.zip")
			if code, out, errs := run(t, append([]string{"export", "xdomea", ref, "--out", zip}, flags...)...); code != 0 || !strings.Contains(out, "2 documents") {
				t.Fatalf("export: %d %q %q", code, out, errs)
			}
			if st, err := os.Stat(zip); err != nil || st.Size() == 0 {
				t.Fatalf("zip: %v", err)
			}
			if code, out, _ := run(t, append([]string{"export", "xdomea", "SN-1999-000001", "--out", zip + "2"}, flags...)...); code != 1 {
				t.Fatalf("export of an unknown reference: %d %q", code, out)
			}
			if code, out, _ := run(t, append([]string{"retention", "run", "--dry-run"}, flags...)...); code != 0 || !strings.Contains(out, "would delete 0 files") {
				t.Fatalf("retention dry run: %d %q", code, out)
			}
		})
	}
}

// decidedCase sets up one decided and closed case and returns its
// reference and notice PDF; its files go to blobURL (blob.Open: "" is
// DIR/blobs).
func decidedCase(t *testing.T, dsn, dir, blobURL string) (string, []byte) {
	t.Helper()
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx, log); err != nil {
		t.Fatal(err)
	}
	tn, err := tenant.Create(ctx, db, "test", tenant.Tenant{Slug: "sn", Name: "Freistaat Sachsen"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := procedure.Import(ctx, db, []byte("id: p1\nversion: 1\ntitle: {de: Testantrag}\nassurance: low\nguest: true\n"+
		"deadline: P1M\nretention: P1Y\npages:\n  - id: p\n    title: {de: P}\n    fields:\n      - {id: name, type: short_text, label: {de: Name}}\n"), "p1.yaml"); err != nil {
		t.Fatal(err)
	}
	var authID, appID, staffID int64
	now := time.Now().UTC()
	exec := func(q string, args ...any) int64 {
		var id int64
		if err := db.Writer().QueryRowContext(ctx, q, args...).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return id
	}
	authID = exec(`INSERT INTO authority (tenant_id, authority_key, name, updated_at) VALUES ($1, 'lra', 'Landratsamt Görlitz', $2) RETURNING id`, tn.ID, now)
	appID = exec(`INSERT INTO application (tenant_id, procedure_id, procedure_version, status, answers, created_at, updated_at,
		submitted_at, reference, authority_id) VALUES ($1, 'p1', 1, 'submitted', '{"name":"Ida Iske"}', $2, $2, $2, 'SN-2026-000007', $3) RETURNING id`, tn.ID, now, authID)
	staffID = exec(`INSERT INTO account (tenant_id, kind, state, name, created_at) VALUES ($1, 'staff', 'active', 'Sven Sach', $2) RETURNING id`, tn.ID, now)
	exec(`INSERT INTO staff_role (account_id, authority_id, role) VALUES ($1, $2, 'head_of_unit') RETURNING account_id`, staffID, authID)
	blobs, err := blob.Open(ctx, blobURL, filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	q, _ := jobs.New(db, log, jobs.Config{})
	files, _ := akte.New(akte.Deps{DB: db, Blobs: blobs, Log: log})
	s, err := casework.New(casework.Deps{DB: db, Blobs: blobs, Jobs: q, Akte: files, Log: log, SealSecret: make([]byte, 32)})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.OnSubmitted(ctx, appID); err != nil {
		t.Fatal(err)
	}
	staff, _ := casework.LoadStaff(ctx, db, tn.ID, staffID)
	c, err := s.ByReference(ctx, staff, "SN-2026-000007")
	if err != nil {
		t.Fatal(err)
	}
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.AddNote(ctx, staff, c.ID, "geprüft"))
	n, err := s.DraftNotice(ctx, staff, c.ID, casework.Approved)
	must(n, err)
	must(s.SendNotice(ctx, staff, n.ID))
	must(s.Move(ctx, staff, c.ID, casework.ActClose, ""))
	_, r, err := s.OpenNotice(ctx, casework.Applicant{TenantID: tn.ID, ApplicationID: appID}, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	pdf, _ := io.ReadAll(r)
	return c.Reference, pdf
}
