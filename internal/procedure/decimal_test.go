package procedure

import (
	"context"
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/refdata"
)

// TestNumberBoundsExact: bounds (also 20 digits) are compared exactly, a
// value beyond them is a field error, and a rule sees a 20-digit number as
// a (clamped) int without changing the stored value.
func TestNumberBoundsExact(t *testing.T) {
	t.Parallel()
	p, err := Load([]byte(`id: bounds
version: 1
title: {de: "Grenzen"}
assurance: low
deadline: P1M
retention: P1Y
pages:
  - id: p
    title: {de: "Seite"}
    fields:
      - {id: gross, type: integer, label: {de: "Groß"}, min: "10000000000000000000", max: "99999999999999999999"}
      - {id: anteil, type: decimal, label: {de: "Anteil"}, min: 0, max: "0.3333333333333333333"}
      - {id: monat, type: integer, label: {de: "Monat"}, min: 1, max: 12}
      - {id: hinweis, type: yes_no, label: {de: "Groß genug?"}, compute: "answers.gross > 9223372036854775806"}
`), "bounds.yaml")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		field, in, key string
	}{
		{"gross", "99999999999999999999", ""},
		{"gross", "100000000000000000000", "procedure.too_large"},
		{"gross", "9999999999999999999", "procedure.too_small"},
		{"anteil", "0,3333333333333333333", ""},
		{"anteil", "0,33333333333333333331", "procedure.too_large"},
		{"monat", "12", ""},
		{"monat", "13", "procedure.too_large"},
		{"monat", "0", "procedure.too_small"},
	}
	for _, tt := range tests {
		r, err := p.Validate(context.Background(), map[string]any{tt.field: tt.in}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got string
		for _, e := range r.Errors {
			if e.Field == tt.field {
				got = e.Key
			}
		}
		if got != tt.key {
			t.Errorf("%s = %s: error %q, want %q", tt.field, tt.in, got, tt.key)
		}
	}
	r, err := p.Validate(context.Background(), map[string]any{"gross": "12345678901234567890"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Answers["gross"] != json.Number("12345678901234567890") || r.Answers["hinweis"] != true {
		t.Errorf("answers %v: want gross exact and the rule to see it as large", r.Answers)
	}
}

// TestFIMRangeText: the free-text Praezisierung "2..4" of older 2.0
// schemas becomes a length range, not an ignored "not JSON".
func TestFIMRangeText(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ in, lo, hi string }{
		{"1..12", "1", "12"}, {"..255", "", "255"}, {"0,5..99,5", "0,5", "99,5"}, {"3..*", "3", ""}, {"-1 .. 1", "-1", "1"},
	} {
		if lo, hi, ok := rangeText(tt.in); !ok || lo != tt.lo || hi != tt.hi {
			t.Errorf("rangeText(%q) = %q, %q, %v", tt.in, lo, hi, ok)
		}
	}
	for _, bad := range []string{"..", "1..2..3", "abc", `{"maxLength":"2"}`} {
		if _, _, ok := rangeText(bad); ok {
			t.Errorf("rangeText(%q) accepted", bad)
		}
	}
	data, err := fs.ReadFile(refdata.FIM, bewohnerparkenDir+"/S05000058V1.0_xdf2.xml")
	if err != nil {
		t.Fatal(err)
	}
	data = []byte(strings.ReplaceAll(string(data), `{"minLength":"1","maxLength":"9"}`, `2..4`))
	def, rep, err := ImportFIM(data, DirCodeLists(refdata.FIM, bewohnerparkenDir))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(rep.String(), "not JSON") {
		t.Errorf("range left unmapped:\n%s", rep)
	}
	found := 0
	var walk func([]Field)
	walk = func(fs []Field) {
		for _, f := range fs {
			if f.MinLength == 2 && f.MaxLength == 4 {
				found++
			}
			walk(f.Fields)
		}
	}
	for _, pg := range def.Pages {
		walk(pg.Fields)
	}
	if found == 0 {
		t.Error("no field got the length range 2..4")
	}
}

// TestKeepEntered: with KeepEntered a visible value that cannot be
// normalized stays as typed and is listed in Entered; values on a page
// the answers hide are dropped; conditions never see a raw value.
func TestKeepEntered(t *testing.T) {
	t.Parallel()
	defs, err := DemoDefinitions()
	if err != nil {
		t.Fatal(err)
	}
	var p *Procedure
	for _, d := range defs {
		if d.ID == "wohnsitz-anmelden" {
			if p, err = Compile(d, d.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	raw := map[string]any{"familienname": "Müller", "geburtsdatum": "31.2.1985", "mit_familie": "false",
		"angehoerige": []any{map[string]any{"vornamen": "Max", "geburtsdatum": "kein Datum"}}}
	r, err := p.Validate(context.Background(), raw, Options{KeepEntered: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Answers["geburtsdatum"] != "31.2.1985" || !r.Entered["geburtsdatum"] || r.Answers["mit_familie"] != false {
		t.Errorf("answers %v, entered %v: want the date as typed and mit_familie false", r.Answers, r.Entered)
	}
	if _, ok := r.Answers["angehoerige"]; ok || len(r.Entered) != 1 {
		t.Errorf("hidden page kept: answers %v, entered %v", r.Answers, r.Entered)
	}
	raw["mit_familie"] = "true"
	r, err = p.Validate(context.Background(), raw, Options{KeepEntered: true})
	if err != nil {
		t.Fatal(err)
	}
	list, _ := r.Answers["angehoerige"].([]any)
	if len(list) != 1 || list[0].(map[string]any)["geburtsdatum"] != "kein Datum" || !r.Entered["angehoerige[0].geburtsdatum"] {
		t.Errorf("visible page: answers %v, entered %v", r.Answers, r.Entered)
	}
	if plain, _ := p.Validate(context.Background(), raw, Options{}); plain.Answers["geburtsdatum"] != nil || plain.Entered != nil {
		t.Errorf("without KeepEntered the raw value is kept: %v", plain.Answers)
	}
}
