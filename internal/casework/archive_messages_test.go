package casework_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"text/template"
)

// The messages an archive sends in the conversation (0502, 0504, 0506,
// 0507), built as the Thüringen state archive's x-man builds them: Kopf of
// NkBasisType (0502 with Empfangsbestaetigung), the archive as Absender,
// in a zip named "<ProzessID>_<message>.zip". The tests validate each
// against the xdomea 3.0.0 schema before amtsweg reads it.
const archiveKopf = `
  <xdomea:Kopf>
    <xdomea:ProzessID>{{.ProcessID}}</xdomea:ProzessID>
    <xdomea:Nachrichtentyp listURI="urn:xoev-de:xdomea:codeliste:nachrichtentyp" listVersionID="2.0">
      <code>{{.Code}}</code>
    </xdomea:Nachrichtentyp>
    <xdomea:Erstellungszeitpunkt>2036-03-04T10:00:00Z</xdomea:Erstellungszeitpunkt>
    <xdomea:Absender>
      <xdomea:Behoerdenkennung>
        <xdomea:Behoerdenschluessel>
          <code>StA-SN</code>
          <name>Sächsisches Staatsarchiv</name>
        </xdomea:Behoerdenschluessel>
      </xdomea:Behoerdenkennung>
      <xdomea:Institution>
        <xdomea:Name>Sächsisches Staatsarchiv</xdomea:Name>
      </xdomea:Institution>
    </xdomea:Absender>
    <xdomea:Empfaenger>
      <xdomea:Institution>
        <xdomea:Name>Freistaat Sachsen</xdomea:Name>
      </xdomea:Institution>
    </xdomea:Empfaenger>
    <xdomea:SendendesSystem>
      <xdomea:Produktname>x-man</xdomea:Produktname>
    </xdomea:SendendesSystem>
{{- if eq .Code "0502"}}
    <xdomea:Empfangsbestaetigung>1</xdomea:Empfangsbestaetigung>
{{- end}}
  </xdomea:Kopf>`

var archiveMessage = template.Must(template.New("m").Parse(`<?xml version="1.0" encoding="UTF-8"?>
<xdomea:{{.Name}} xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0">` + archiveKopf + `
{{- range .Appraised}}
  <xdomea:BewertetesObjekt>
    <xdomea:ID>{{.ID}}</xdomea:ID>
    <xdomea:Aussonderungsart>
      <xdomea:Aussonderungsart listURI="urn:xoev-de:xdomea:codeliste:aussonderungsart" listVersionID="1.0">
        <code>{{.Code}}</code>
      </xdomea:Aussonderungsart>
    </xdomea:Aussonderungsart>
  </xdomea:BewertetesObjekt>
{{- end}}
{{- range .Imported}}
  <xdomea:AusgesondertesSGO>
    <xdomea:IDSGO>{{.ID}}</xdomea:IDSGO>
    <xdomea:Erfolgreich>{{.OK}}</xdomea:Erfolgreich>
{{- with .Error}}
    <xdomea:Fehlermeldung>{{.}}</xdomea:Fehlermeldung>
{{- end}}
{{- with .Ref}}
    <xdomea:Archivkennung>{{.}}</xdomea:Archivkennung>
{{- end}}
  </xdomea:AusgesondertesSGO>
{{- end}}
</xdomea:{{.Name}}>
`))

// appraised is one BewertetesObjekt of a 0502.
type appraised struct{ ID, Code string }

// imported is one AusgesondertesSGO of a 0506.
type imported struct {
	ID, Error, Ref string
	OK             bool
}

var archiveNames = map[string]string{
	"0502": "Aussonderung.Bewertungsverzeichnis.0502",
	"0504": "Aussonderung.AnbietungEmpfangBestaetigen.0504",
	"0506": "Aussonderung.AussonderungImportBestaetigen.0506",
	"0507": "Aussonderung.AussonderungEmpfangBestaetigen.0507",
}

// fromArchive builds the archive's message code for the conversation
// processID, validates it against the schema and returns its zip.
func fromArchive(t *testing.T, code, processID string, appr []appraised, imp []imported) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := archiveMessage.Execute(&b, map[string]any{"Name": archiveNames[code], "Code": code, "ProcessID": processID,
		"Appraised": appr, "Imported": imp}); err != nil {
		t.Fatal(err)
	}
	validate(t, code, b.Bytes())
	var z bytes.Buffer
	w := zip.NewWriter(&z)
	f, _ := w.Create(processID + "_" + archiveNames[code] + ".xml")
	f.Write(b.Bytes())
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return z.Bytes()
}

// validate checks an xdomea message against the 3.0.0 schema with xmllint.
func validate(t *testing.T, what string, msg []byte) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Fatal("xmllint is required (apt-get install libxml2-utils)")
	}
	path := filepath.Join(t.TempDir(), "message.xml")
	if err := os.WriteFile(path, msg, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("xmllint", "--noout", "--schema", xdomeaSchema, path).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "validates") {
		t.Fatalf("%s does not validate: %v\n%s", what, err, out)
	}
}

// messageOf returns the XML message of a zip amtsweg wrote and checks its
// name against the ProzessID and message name.
func messageOf(t *testing.T, zipped []byte, processID, name string) []byte {
	t.Helper()
	files := unzip(t, zipped)
	msg, ok := files[processID+"_"+name+".xml"]
	if !ok {
		t.Fatalf("zip lacks %s_%s.xml: %v", processID, name, keys(files))
	}
	validate(t, name, msg)
	return msg
}

func wantAll(t *testing.T, what string, got []byte, want ...string) {
	t.Helper()
	for _, w := range want {
		if !bytes.Contains(got, []byte(w)) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func fmtList(l []string) string { return fmt.Sprintf("%q", l) }
