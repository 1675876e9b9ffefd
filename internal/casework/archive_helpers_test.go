package casework_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// filedProcedure is the test procedure as id, filed under the filing-plan
// unit 32.10.05 with the Aussonderungsart disposal (A, B or V).
func filedProcedure(id, disposal string) string {
	return strings.NewReplacer("id: testverfahren", "id: "+id, "retention: P10Y",
		"retention: P10Y\nfiling: {unit: \"32.10.05\", disposal: "+disposal+"}").Replace(testProcedure)
}

// closedFiledCase submits an application (with a PDF attachment) of a
// procedure filed with disposal to A and closes its case with a note and
// a sent notice.
func (f *fx) closedFiledCase(t *testing.T, disposal string) casework.Case {
	t.Helper()
	id := "archiv-" + strings.ToLower(disposal)
	if _, err := procedure.Import(ctx(), f.db, []byte(filedProcedure(id, disposal)), id+".yaml"); err != nil && !fault.Is(err, fault.Conflict) {
		t.Fatal(err)
	}
	f.seq++
	answers, _ := json.Marshal(map[string]any{"name": "Rita Registratur", "zweck": "Archivtest"})
	var appID int64
	if err := f.db.Writer().QueryRowContext(ctx(), `INSERT INTO application (tenant_id, procedure_id, procedure_version, status,
		answers, created_at, updated_at, submitted_at, reference, authority_id, clearing)
		VALUES ($1, $2, 1, 'submitted', $3, $4, $4, $4, $5, $6, $7) RETURNING id`,
		f.tenant, id, string(answers), received, fmt.Sprintf("SN-2026-A%05d", f.seq), f.authA, false).Scan(&appID); err != nil {
		t.Fatal(err)
	}
	info, err := f.blobs.Put(ctx(), f.tenant, strings.NewReader("%PDF-1.4 Nachweis"), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.db.ExecContext(ctx(), `INSERT INTO application_attachment (application_id, field_path, file_name, media_type,
		size, sha256, blob_key, created_at) VALUES ($1, 'nachweis', 'nachweis.pdf', 'application/pdf', $2, $3, $4, $5)`,
		appID, info.Size, info.SHA256, info.Key, received); err != nil {
		t.Fatal(err)
	}
	if err := f.s.OnSubmitted(ctx(), appID); err != nil {
		t.Fatal(err)
	}
	c := f.caseOf(t, appID)
	c = must(f.s.Assign(ctx(), f.headA, c.ID, f.workerA.AccountID))(t)
	must(f.s.Move(ctx(), f.workerA, c.ID, casework.ActReview, ""))(t)
	must(f.s.AddNote(ctx(), f.workerA, c.ID, "Unterlagen vollständig."))(t)
	n := must(f.s.DraftNotice(ctx(), f.workerA, c.ID, casework.Approved))(t)
	must(f.s.SendNotice(ctx(), f.workerA, n.ID))(t)
	must(f.s.Move(ctx(), f.workerA, c.ID, casework.ActClose, ""))(t)
	return must(f.s.Get(ctx(), f.headA, c.ID))(t)
}
