package proceduretest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

const oracleYAML = `id: orakel
version: 1
title: {de: Orakel}
assurance: low
guest: true
deadline: P1M
retention: P1Y
pages:
  - id: a
    title: {de: Seite A}
    fields:
      - {id: familie, type: yes_no, label: {de: Mit Familie}, required: true}
      - {id: name, type: short_text, label: {de: Name}, required: true}
      - {id: zahl, type: integer, label: {de: Zahl}, required: true}
      - {id: ort, type: place, label: {de: Gemeinde}, required: true}
  - id: b
    title: {de: Familie}
    visible_if: answers.familie
    fields:
      - {id: kinder, type: integer, label: {de: Kinder}, required: true, min: 1, max: 9}
`

// oracleApp is a fixed application of the oracle's procedure.
func oracleApp(t *testing.T) *Application {
	t.Helper()
	p, err := procedure.Load([]byte(oracleYAML), "orakel.yaml")
	if err != nil {
		t.Fatal(err)
	}
	def := &p.Def
	values := map[string]any{"familie": true, "name": "Ёлка 😀 漢字", "zahl": "12345678901234567", "ort": "146120000000", "kinder": "2"}
	a := &Application{Procedure: "orakel", Values: values, Pages: []string{"a", "b"}, def: def}
	for _, pg := range def.Pages {
		a.Expected = append(a.Expected, leaves(def, pg, pg.Fields, values, "", "")...)
	}
	a.Expected[3].PlaceName = "Dresden"
	return a
}

// TestOracleCatchesEachDefectKind shows the oracle failing on each kind of
// defect issue 11 names, and passing on right representations.
func TestOracleCatchesEachDefectKind(t *testing.T) {
	t.Parallel()
	a := oracleApp(t)
	good := []Row{{"Mit Familie", "ja"}, {"Name", "Ёлка 😀 漢字"}, {"Zahl", "12.345.678.901.234.567"}, {"Gemeinde", "Dresden, Stadt"}, {"Kinder", "2"}}
	if d := CheckRows("review", a, good); len(d) != 0 {
		t.Fatalf("right rows refused: %v", d)
	}
	cases := []struct {
		name string
		rows []Row
		path string
	}{
		{"yes shown as no", replace(good, 0, "nein"), "familie"},
		{"conditional page lost", good[:4], "kinder"},
		{"place shown as its code", replace(good, 3, "146120000000"), "ort"},
		{"number lost precision", replace(good, 2, "12345678901234568"), "zahl"},
		{"text changed", replace(good, 1, "Ёлка ? 漢字"), "name"},
	}
	for _, c := range cases {
		d := CheckRows("review", a, c.rows)
		if len(d) != 1 || d[0].Path != c.path {
			t.Errorf("%s: got %v, want one disagreement on %s", c.name, d, c.path)
		}
	}

	// as pdftotext writes it: a wrapped label beside its value
	pdf := "Mit ja\nFamilie\nName\nЁлка □ 漢字\nZahl\n12.345.678.901.234.567\nGemeinde\nDresden\nKinder\n2\n"
	if d := CheckText("receipt.pdf", a, pdf); len(d) != 0 {
		t.Fatalf("right PDF text (with a substitute glyph) refused: %v", d)
	}
	for name, text := range map[string]string{
		"emoji dropped silently": strings.Replace(pdf, "□ ", "", 1),
		"yes shown as no":        strings.Replace(pdf, "ja", "nein", 1),
		"place as code":          strings.Replace(pdf, "Dresden", "146120000000", 1),
		"Cyrillic lost":          strings.Replace(pdf, "Ёлка", "????", 1),
	} {
		if d := CheckText("receipt.pdf", a, text); len(d) != 1 {
			t.Errorf("PDF %s: got %v, want one disagreement", name, d)
		}
	}

	rtl := oracleApp(t)
	rtl.Expected[1].Value = "Ёлка שלום ü"
	// pdftotext 24/25 writes this line (drawn "Ёлка םולש ü") so: the run
	// reversed to logical order with the space after it, bracketed
	for _, d := range CheckText("receipt.pdf", rtl, "Name\nЁлка \u202b שלום\u202cü\n") {
		if d.Path == "name" {
			t.Errorf("right-to-left text as pdftotext writes it: got %v", d)
		}
	}
	rtl.Expected[1].Value = "Ёлка ם𐍈 ל ü"
	for _, d := range CheckText("receipt.pdf", rtl, "Name\nЁлка \u202bל 𐍈ם\u202c ü\n") {
		if d.Path == "name" {
			t.Errorf("a letter outside the BMP taken into the run, as pdftotext does: got %v", d)
		}
	}
	rtl.Expected[1].Value = "Ёлка שב%גד ü"
	for _, d := range CheckText("receipt.pdf", rtl, "Name\nЁлка \u202bגד\u202c%\u202b שב\u202cü\n") {
		if d.Path == "name" {
			t.Errorf("a run split at a number sign, as pdftotext does: got %v", d)
		}
	}
	rtl.Expected[1].Value = "Ёлка שלום ü"
	for name, text := range map[string]string{
		"Hebrew dropped":           "Name\nЁлка ü\n",
		"Hebrew in visual order":   "Name\nЁлка \u202bםולש\u202c ü\n",
		"Hebrew letter lost":       "Name\nЁлка \u202bשלם\u202c ü\n",
		"Cyrillic after the value": "Name\n\u202bשלום\u202c ü Ёлка\n",
	} {
		if d := atPath(CheckText("receipt.pdf", rtl, text), "name"); len(d) != 1 {
			t.Errorf("right-to-left text %s: got %v, want one disagreement", name, d)
		}
	}
	nfc := oracleApp(t)
	nfc.Expected[1].Value = "\u1ff9μηρος"
	if d := atPath(CheckText("receipt.pdf", nfc, "Name\nΌμηρος\n"), "name"); len(d) != 0 {
		t.Errorf("the composed form (U+038C for U+1FF9, canonically equivalent) refused: %v", d)
	}
	var data map[string]any
	raw := `{"familie": true, "name": "Ёлка 😀 漢字", "zahl": 12345678901234567, "ort": "146120000000", "kinder": 2}`
	data, _ = DecodeData([]byte(raw))
	if d := CheckData("api", a, data); len(d) != 0 {
		t.Fatalf("right data refused: %v", d)
	}
	var floats map[string]any
	json.Unmarshal([]byte(raw), &floats) // float64: 12345678901234568
	b, _ := json.Marshal(floats)
	data, _ = DecodeData(b)
	if d := CheckData("api", a, data); len(d) != 1 || d[0].Path != "zahl" {
		t.Errorf("number through float64: got %v", d)
	}
	data["zahl"] = "12345678901234567"
	data["versteckt"] = "x"
	delete(data, "kinder")
	if d := CheckData("api", a, data); len(d) != 2 {
		t.Errorf("missing and hidden fields: got %v, want 2 disagreements", d)
	}
	_ = context.Background
}

func replace(rows []Row, i int, value string) []Row {
	out := append([]Row(nil), rows...)
	out[i].Value = value
	return out
}

// atPath keeps the disagreements about the answer at path.
func atPath(list []Disagreement, path string) []Disagreement {
	var out []Disagreement
	for _, d := range list {
		if d.Path == path {
			out = append(out, d)
		}
	}
	return out
}
