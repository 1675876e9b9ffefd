package akte

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// plan0301 is an xdomea 3.0.0 Aktenplan message as a records management
// system (DMS) sends it; %s are the Kennzeichen, Aussonderungsart and
// retention of the innermost unit.
const plan0301 = `<?xml version="1.0" encoding="UTF-8"?>
<xdomea:Aktenplan.Aktenplan.0301 xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0">
  <xdomea:Kopf>
    <xdomea:ProzessID>4b1f1d1e-8f0c-4c55-9d35-0f3c3a1d2e10</xdomea:ProzessID>
    <xdomea:Nachrichtentyp listURI="urn:xoev-de:xdomea:codeliste:nachrichtentyp" listVersionID="2.0"><code>0301</code></xdomea:Nachrichtentyp>
    <xdomea:Erstellungszeitpunkt>2026-01-05T08:00:00Z</xdomea:Erstellungszeitpunkt>
    <xdomea:Absender><xdomea:Institution><xdomea:Name>Landratsamt Meißen</xdomea:Name></xdomea:Institution></xdomea:Absender>
    <xdomea:Empfaenger><xdomea:Institution><xdomea:Name>amtsweg</xdomea:Name></xdomea:Institution></xdomea:Empfaenger>
    <xdomea:Empfangsbestaetigung>0</xdomea:Empfangsbestaetigung>
  </xdomea:Kopf>
  <xdomea:Aktenplan>
    <xdomea:Bezeichnung>Einheitsaktenplan</xdomea:Bezeichnung>
    <xdomea:Version>2026</xdomea:Version>
    <xdomea:Einheit>
      <xdomea:Kennzeichen>32</xdomea:Kennzeichen>
      <xdomea:Inhaltsangabe>Öffentliche Ordnung</xdomea:Inhaltsangabe>
      <xdomea:Aussonderungsart><xdomea:Aussonderungsart listURI="urn:xoev-de:xdomea:codeliste:aussonderungsart" listVersionID="1.0"><code>B</code></xdomea:Aussonderungsart></xdomea:Aussonderungsart>
      <xdomea:Stillgelegt>0</xdomea:Stillgelegt>
      <xdomea:Aufbewahrungsdauer><xdomea:Unbefristet>1</xdomea:Unbefristet></xdomea:Aufbewahrungsdauer>
      <xdomea:Einheit>
        <xdomea:Kennzeichen>%s</xdomea:Kennzeichen>
        <xdomea:BetreffKurz>Genehmigungen</xdomea:BetreffKurz>
        <xdomea:Aussonderungsart><xdomea:Aussonderungsart listURI="urn:xoev-de:xdomea:codeliste:aussonderungsart" listVersionID="1.0"><code>%s</code></xdomea:Aussonderungsart></xdomea:Aussonderungsart>
        <xdomea:Stillgelegt>0</xdomea:Stillgelegt>
        <xdomea:Aufbewahrungsdauer><xdomea:AnzahlJahre>%s</xdomea:AnzahlJahre></xdomea:Aufbewahrungsdauer>
      </xdomea:Einheit>
    </xdomea:Einheit>
  </xdomea:Aktenplan>
</xdomea:Aktenplan.Aktenplan.0301>
`

func xsdValid(t *testing.T, msg string) bool {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Fatal("xmllint is required (apt-get install libxml2-utils)")
	}
	path := filepath.Join(t.TempDir(), "m.xml")
	os.WriteFile(path, []byte(msg), 0o600)
	out, err := exec.Command("xmllint", "--noout", "--schema", "../refdata/xdomea/xsd-3.0.0/xdomea.xsd", path).CombinedOutput()
	return err == nil && strings.Contains(string(out), "validates")
}

func TestParsePlanXdomea(t *testing.T) {
	t.Parallel()
	good := strings.NewReplacer("%s</xdomea:Kennzeichen>", "32.10</xdomea:Kennzeichen>", "<code>%s</code>", "<code>A</code>",
		"%s</xdomea:AnzahlJahre>", "10</xdomea:AnzahlJahre>").Replace(plan0301)
	if !xsdValid(t, good) {
		t.Fatal("the test's 0301 does not validate against the xdomea 3.0.0 schema")
	}
	units, err := ParsePlanXdomea("aktenplan.xml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	want := []PlanUnit{{Code: "32", Title: "Öffentliche Ordnung", Disposal: "B"},
		{Code: "32.10", Title: "Genehmigungen", Parent: "32", Retention: "P10Y", Disposal: "A"}}
	if len(units) != 2 || units[0] != want[0] || units[1] != want[1] {
		t.Fatalf("units %+v, want %+v", units, want)
	}
	bad := strings.NewReplacer("%s</xdomea:Kennzeichen>", "32</xdomea:Kennzeichen>", "<code>%s</code>", "<code>V</code>",
		"%s</xdomea:AnzahlJahre>", "10</xdomea:AnzahlJahre>").Replace(plan0301)
	_, err = ParsePlanXdomea("doppelt.xml", []byte(bad))
	if fault.CodeOf(err) != fault.Invalid || !strings.Contains(err.Error(), "32: kennzeichen appears twice") {
		t.Fatalf("a Kennzeichen twice: %v", err)
	}
	if _, err := ParsePlanXdomea("falsch.xml", []byte(`<a:Aussonderung.Aussonderung.0503 xmlns:a="urn:xoev-de:xdomea:schema:3.0.0"/>`)); fault.CodeOf(err) != fault.Invalid ||
		!strings.Contains(err.Error(), "want {urn:xoev-de:xdomea:schema:3.0.0}Aktenplan.Aktenplan.0301") {
		t.Fatalf("another message: %v", err)
	}
}
