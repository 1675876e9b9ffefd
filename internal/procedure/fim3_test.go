package procedure

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
)

const fim3File = "testdata/fim3/S99000001_xdf3.xml"

// TestFIM3SchemaIsValid keeps the hand-written 3.0.0 schema honest: it must
// validate against the official XSD (when xmllint is installed).
func TestFIM3SchemaIsValid(t *testing.T) {
	t.Parallel()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		t.Skip("xmllint not installed")
	}
	out, err := exec.Command(xmllint, "--noout", "--schema", "../refdata/fim/xsd-3.0.0/xdatenfelder.xsd", fim3File).CombinedOutput()
	if err != nil {
		t.Fatalf("%s does not validate: %s", fim3File, out)
	}
}

func TestImportFIM3(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile(fim3File)
	if err != nil {
		t.Fatal(err)
	}
	def, rep, err := ImportFIM(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if def.ID != "fim-s99000001" || def.Version != 10200 || def.Title.DE != "Hund zur Hundesteuer anmelden" || len(def.LeiKa) != 1 {
		t.Fatalf("head: %s %d %q %v", def.ID, def.Version, def.Title.DE, def.LeiKa)
	}
	fields := map[string]Field{}
	for _, f := range def.Pages[0].Fields {
		fields[f.ID] = f
	}
	checks := []struct {
		id string
		ok func(Field) bool
	}{
		{"familienname", func(f Field) bool {
			return f.Type == ShortText && f.MaxLength == 60 && f.Required && f.Hint.DE == "Wie im Ausweis."
		}},
		{"anzahl_der_hunde", func(f Field) bool { return f.Type == Integer && f.Min.String() == "1" && f.Max.String() == "5" }},
		{"hunderasse", func(f Field) bool {
			return f.Type == SingleChoice && len(f.Options) == 2 && f.Options[1].Label.DE == "Listenhund"
		}},
		{"impfpass", func(f Field) bool {
			return f.Type == FileUpload && !f.Required && f.MaxFiles == 3 && f.MaxSize == 5000000 && len(f.MediaTypes) == 2
		}},
		{"steuerbetrag", func(f Field) bool { return f.Type == Money }},
		{"hinweis", func(f Field) bool { return f.Type == Label && strings.Contains(f.Help.DE, "jährlich") }},
		{"kennung", func(f Field) bool { return f.Compute == `"HUNDESTEUER-2024"` }},
	}
	for _, c := range checks {
		if f, ok := fields[c.id]; !ok || !c.ok(f) {
			t.Errorf("field %s mapped wrongly: %+v", c.id, f)
		}
	}
	if !strings.Contains(rep.String(), "R99000001") || !strings.Contains(rep.String(), "Wesenstest") {
		t.Errorf("rule not reported:\n%s", rep)
	}
	p, err := Compile(def, fim3File)
	if err != nil {
		t.Fatal(err)
	}
	res, err := p.Validate(context.Background(), map[string]any{
		"familienname": "Vogel", "geburtsdatum": "1970-01-01", "anzahl_der_hunde": "2", "hunderasse": "1",
		"steuerbetrag": "96", "impfpass": pdf("impfpass.pdf"),
	}, Options{Now: demoNow})
	if err != nil || !res.Valid() || res.Answers["kennung"] != "HUNDESTEUER-2024" {
		t.Fatalf("answers: %v %+v %v", err, res.Errors, res.Answers["kennung"])
	}
}
