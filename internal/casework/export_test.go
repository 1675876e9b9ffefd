package casework_test

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

const xdomeaSchema = "../refdata/xdomea/xsd-3.0.0/xdomea.xsd"

// TestExportXdomea exports a real closed case (attachment, request,
// answer, note, sealed notice) and validates the 0503 message against the
// official schemas with xmllint (libxml2-utils, installed in CI).
func TestExportXdomea(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Fatal("xmllint is required (apt-get install libxml2-utils)")
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFx(t, db)
		c := f.inStatus(t, casework.Waiting)
		reqs := must(f.s.Requests(ctx(), f.workerA, c.ID))(t)
		if err := f.s.Answer(ctx(), f.applicant(c), reqs[0].ID, casework.AnswerInput{Text: "Anbei <Nachweis> & Co."}); err != nil {
			t.Fatal(err)
		}
		must(f.s.AddNote(ctx(), f.workerA, c.ID, "Unterlagen vollständig."))(t)
		n := must(f.s.DraftNotice(ctx(), f.workerA, c.ID, casework.PartlyApproved))(t)
		n = f.complete(t, f.workerA, n, "Bewilligt für zwölf Monate.")
		must(f.s.SendNotice(ctx(), f.workerA, n.ID))(t)
		must(f.s.Move(ctx(), f.workerA, c.ID, casework.ActClose, ""))(t)

		var buf bytes.Buffer
		_, err := f.akte.Export(ctx(), &buf, f.other, c.Reference, akte.ExportOptions{})
		wantCode(t, err, fault.NotFound) // another tenant's reference
		ex := must(f.akte.Export(ctx(), &buf, f.tenant, c.Reference, akte.ExportOptions{Sender: "Freistaat Sachsen", Recipient: "Sächsisches Staatsarchiv"}))(t)
		if ex.FileName != ex.ProcessID+"_Aussonderung.Aussonderung.0503.zip" || ex.Documents != 5 {
			t.Fatalf("export %+v", ex)
		}
		files := unzip(t, buf.Bytes())
		msg, ok := files[ex.ProcessID+"_Aussonderung.Aussonderung.0503.xml"]
		if !ok || len(files) != ex.Documents+1 {
			t.Fatalf("zip holds %d files: %v", len(files), keys(files))
		}
		path := filepath.Join(t.TempDir(), ex.ProcessID+"_Aussonderung.Aussonderung.0503.xml")
		os.WriteFile(path, msg, 0o600)
		out, err := exec.Command("xmllint", "--noout", "--schema", xdomeaSchema, path).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "validates") {
			t.Fatalf("xmllint: %v\n%s", err, out)
		}
		docs := must(akte.Documents(ctx(), db, c.ID))(t)
		for _, d := range docs {
			name := d.GUID + "_"
			var body []byte
			for k, v := range files {
				if strings.HasPrefix(k, name) {
					body = v
				}
			}
			sum := sha256.Sum256(body)
			if hex.EncodeToString(sum[:]) != d.SHA256 || !bytes.Contains(msg, []byte("<xdomea:Dateiname>"+name)) {
				t.Fatalf("document %d (%s) missing or changed in the zip", d.Seq, d.FileName)
			}
		}
		for _, want := range []string{"<xdomea:Kennzeichen>" + c.Reference, "<xdomea:ZdA>true", "<xdomea:AnzahlJahre>10", "Sächsisches Staatsarchiv"} {
			if !bytes.Contains(msg, []byte(want)) {
				t.Errorf("message lacks %q", want)
			}
		}
	})
}

func unzip(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], _ = io.ReadAll(r)
		r.Close()
	}
	return out
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
