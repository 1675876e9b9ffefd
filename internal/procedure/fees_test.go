package procedure

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
)

// TestFeesChecked: a fee statement needs its German text, amounts are
// whole cents in range, and a range runs upwards.
func TestFeesChecked(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, fees, problem string
	}{
		{"none", "", ""},
		{"free", `fees: {de: "gebührenfrei", en: "free of charge", cents: 0}`, ""},
		{"range", `fees: {de: "je nach Kommune 15 bis 65 Euro", cents: 1500, max_cents: 6500}`, ""},
		{"text only", `fees: {de: "je nach Kommune"}`, ""},
		{"no German", `fees: {en: "free", cents: 0}`, "fees.de is missing"},
		{"negative", `fees: {de: "x", cents: -1}`, "fees.cents must be between"},
		{"too much", `fees: {de: "x", cents: 100000001}`, "fees.cents must be between"},
		{"upside down", `fees: {de: "x", cents: 5000, max_cents: 1000}`, "fees.max_cents needs fees.cents below it"},
		{"upper only", `fees: {de: "x", max_cents: 1000}`, "fees.max_cents needs fees.cents below it"},
		{"unknown key", `fees: {de: "x", euro: 5}`, "unknown field"},
		{"fraction", `fees: {de: "x", cents: 12.5}`, "cannot unmarshal"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src := "id: fee-test\nversion: 1\ntitle: {de: T}\nassurance: low\nguest: true\ndeadline: P1M\nretention: P1Y\n" +
				tc.fees + "\npages:\n  - id: p\n    title: {de: P}\n    fields:\n      - {id: a, type: short_text, label: {de: A}}\n"
			_, err := Load([]byte(src), "fees.yaml")
			switch {
			case tc.problem == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.problem != "" && (err == nil || !strings.Contains(err.Error(), tc.problem)):
				t.Fatalf("error %v, want %q", err, tc.problem)
			}
		})
	}
}

// TestOverlayFeesChecked: an overlay's malformed fees are left out and
// reported, the shared statement stays.
func TestOverlayFeesChecked(t *testing.T) {
	t.Parallel()
	def := demoDef(t, "gewerbeanmeldung")
	bad := int64(-5)
	out, problems := ApplyOverlay(def, Overlay{Fees: Fees{Text: Text{DE: "x"}, Cents: &bad}})
	if len(problems) != 1 || problems[0].Part != "fees" || out.Fees.DE != def.Fees.DE {
		t.Fatalf("problems %v, fees %q", problems, out.Fees.DE)
	}
}

// TestDemoProceduresStateFees: every demo procedure tells what applying
// costs, in German and English.
func TestDemoProceduresStateFees(t *testing.T) {
	t.Parallel()
	defs, err := DemoDefinitions()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range defs {
		if d.Fees.DE == "" || d.Fees.EN == "" {
			t.Errorf("%s: fees %+v", d.ID, d.Fees)
		}
	}
}

// TestSchemaDocListsDefinitionKeys keeps the top level of
// docs/procedure.schema.json in step with the definition's JSON keys.
func TestSchemaDocListsDefinitionKeys(t *testing.T) {
	t.Parallel()
	data, err := os.ReadFile("../../docs/procedure.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Properties map[string]json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	typ := reflect.TypeFor[Definition]()
	for i := range typ.NumField() {
		key, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if _, ok := doc.Properties[key]; !ok {
			t.Errorf("schema lacks %q", key)
		}
		delete(doc.Properties, key)
	}
	for key := range doc.Properties {
		t.Errorf("schema names %q, which the definition does not have", key)
	}
}
