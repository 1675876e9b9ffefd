package journeys_test

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"text/template"
)

// recordsMessage returns the ProzessID of the zip's message name and
// checks that the message validates and names guid.
func recordsMessage(t *testing.T, zipped []byte, name, guid string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	boCheck(t, err)
	for _, f := range z.File {
		pid, ok := strings.CutSuffix(f.Name, "_"+name+".xml")
		if !ok {
			continue
		}
		r, err := f.Open()
		boCheck(t, err)
		msg, err := io.ReadAll(r)
		boCheck(t, err)
		recordsValidate(t, name, msg)
		if !bytes.Contains(msg, []byte(guid)) {
			t.Errorf("%s lacks the file %s", name, guid)
		}
		return pid
	}
	t.Fatalf("the zip holds no %s", name)
	return ""
}

// recordsArchiveMessage is an archive's 0502 or 0506 as the x-man of a
// state archive writes it (internal/casework's archive tests).
var recordsArchiveMessage = template.Must(template.New("m").Parse(`<?xml version="1.0" encoding="UTF-8"?>
<xdomea:{{.Name}} xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0">
  <xdomea:Kopf>
    <xdomea:ProzessID>{{.ProcessID}}</xdomea:ProzessID>
    <xdomea:Nachrichtentyp listURI="urn:xoev-de:xdomea:codeliste:nachrichtentyp" listVersionID="2.0"><code>{{.Code}}</code></xdomea:Nachrichtentyp>
    <xdomea:Erstellungszeitpunkt>2036-03-04T10:00:00Z</xdomea:Erstellungszeitpunkt>
    <xdomea:Absender>
      <xdomea:Behoerdenkennung><xdomea:Behoerdenschluessel><code>StA-SN</code><name>Sächsisches Staatsarchiv</name></xdomea:Behoerdenschluessel></xdomea:Behoerdenkennung>
      <xdomea:Institution><xdomea:Name>Sächsisches Staatsarchiv</xdomea:Name></xdomea:Institution>
    </xdomea:Absender>
    <xdomea:Empfaenger><xdomea:Institution><xdomea:Name>Freistaat Sachsen</xdomea:Name></xdomea:Institution></xdomea:Empfaenger>
    <xdomea:SendendesSystem><xdomea:Produktname>x-man</xdomea:Produktname></xdomea:SendendesSystem>
{{- if eq .Code "0502"}}
    <xdomea:Empfangsbestaetigung>1</xdomea:Empfangsbestaetigung>
{{- end}}
  </xdomea:Kopf>
{{- if eq .Code "0502"}}
  <xdomea:BewertetesObjekt>
    <xdomea:ID>{{.ID}}</xdomea:ID>
    <xdomea:Aussonderungsart><xdomea:Aussonderungsart listURI="urn:xoev-de:xdomea:codeliste:aussonderungsart" listVersionID="1.0"><code>{{.Value}}</code></xdomea:Aussonderungsart></xdomea:Aussonderungsart>
  </xdomea:BewertetesObjekt>
{{- else}}
  <xdomea:AusgesondertesSGO>
    <xdomea:IDSGO>{{.ID}}</xdomea:IDSGO>
    <xdomea:Erfolgreich>{{.Value}}</xdomea:Erfolgreich>
    <xdomea:Archivkennung>StA-SN 20036/1</xdomea:Archivkennung>
  </xdomea:AusgesondertesSGO>
{{- end}}
</xdomea:{{.Name}}>
`))

// recordsFromArchive builds the archive's 0502 (value: the
// Aussonderungsart) or 0506 (value: Erfolgreich) for one file, checks it
// against the schema and returns its zip.
func recordsFromArchive(t *testing.T, code, pid, guid, value string) []byte {
	t.Helper()
	name := map[string]string{"0502": "Aussonderung.Bewertungsverzeichnis.0502", "0506": "Aussonderung.AussonderungImportBestaetigen.0506"}[code]
	var b bytes.Buffer
	boCheck(t, recordsArchiveMessage.Execute(&b, map[string]string{"Name": name, "Code": code, "ProcessID": pid, "ID": guid, "Value": value}))
	recordsValidate(t, name, b.Bytes())
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	f, err := zw.Create(pid + "_" + name + ".xml")
	boCheck(t, err)
	f.Write(b.Bytes())
	boCheck(t, zw.Close())
	return z.Bytes()
}

// recordsValidate checks an xdomea message against the 3.0.0 schema with
// xmllint.
func recordsValidate(t *testing.T, what string, msg []byte) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Fatal("xmllint is required (apt-get install libxml2-utils)")
	}
	path := filepath.Join(t.TempDir(), "message.xml")
	boCheck(t, os.WriteFile(path, msg, 0o600))
	out, err := exec.Command("xmllint", "--noout", "--schema", "../../refdata/xdomea/xsd-3.0.0/xdomea.xsd", path).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "validates") {
		t.Fatalf("%s does not validate: %v\n%s", what, err, out)
	}
}
