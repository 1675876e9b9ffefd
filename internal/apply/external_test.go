package apply_test

import (
	"context"
	"io/fs"
	"path/filepath"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestFileExternal files an application that came from outside: it goes
// to the authority it was addressed to (not the one the place would
// give), filing it again returns the same receipt, and a refused one
// leaves no application, attachment or blob behind.
func TestFileExternal(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db, nil)
		var auth int64
		if err := db.Writer().QueryRowContext(ctx, `INSERT INTO authority (tenant_id, authority_key, name, updated_at)
			VALUES ($1, 'adressat', 'Gewerbeamt Riesa', $2) RETURNING id`, e.tenant.ID, time.Now().UTC()).Scan(&auth); err != nil {
			t.Fatal(err)
		}
		in := apply.External{TenantID: e.tenant.ID, ProcedureID: "test-nachweis", AuthorityID: auth,
			Answers: map[string]any{"name": "Jörg Müller-Weiß", "mit_nachweis": true, "richtig": true},
			Files:   []apply.ExternalFile{{FieldPath: "nachweis", Name: "Nachweis.pdf", MediaType: "application/pdf", Content: pdfBytes(3000, "n")}},
			Channel: "fitconnect", ExternalID: "a1b2c3d4-0000-4000-8000-000000000001", Sender: "OD-1"}

		// Without the required place: refused, nothing left.
		_, err := e.svc.FileExternal(ctx, in)
		if !fault.Is(err, fault.Invalid) {
			t.Fatalf("missing place: %v, want invalid", err)
		}
		for _, q := range []string{`SELECT COUNT(*) FROM application`, `SELECT COUNT(*) FROM application_attachment`,
			`SELECT COUNT(*) FROM application_channel`} {
			if n := count(t, db, q); n != 0 {
				t.Errorf("%s: %d after a refused filing", q, n)
			}
		}
		if blobs := files(e.dir); blobs != 0 {
			t.Errorf("%d blobs left after a refused filing", blobs)
		}

		// Complete: filed at the addressed authority, once.
		in.Answers["gemeinde"] = placeARS
		rc, err := e.svc.FileExternal(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if rc.Authority == nil || rc.Authority.ID != auth || rc.Reference == "" || len(rc.Attachments) != 1 {
			t.Errorf("receipt %+v, want authority %d, a reference and one attachment", rc, auth)
		}
		again, err := e.svc.FileExternal(ctx, in)
		if err != nil || again.ApplicationID != rc.ApplicationID {
			t.Errorf("second filing: %v, application %d, want %d", err, again.ApplicationID, rc.ApplicationID)
		}
		if n := count(t, db, `SELECT COUNT(*) FROM application WHERE status = 'submitted'`); n != 1 {
			t.Errorf("%d submitted applications, want 1", n)
		}
		if files(e.dir) == 0 {
			t.Error("no blob for the filed attachment: the check above looks in the wrong place")
		}
	})
}

// files counts the files under dir.
func files(dir string) int {
	n := 0
	filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}
