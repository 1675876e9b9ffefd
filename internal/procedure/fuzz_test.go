package procedure

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"
)

// The seed corpora live in testdata/fuzz/<target>; run a target with
//
//	go test -run XXX -fuzz=FuzzImportFIM -fuzztime=1m -fuzzminimizetime=2s ./internal/procedure/
//
// The short minimize time matters for FuzzImportFIM: its seeds are whole
// schemas, and minimizing every new input for the default 60 s leaves no
// time to fuzz.

func FuzzImportFIM(f *testing.F) {
	if data, err := os.ReadFile(fim3File); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		def, _, err := ImportFIM(data, nil)
		if err != nil {
			return
		}
		if _, err := Compile(def, "fuzz"); err != nil {
			t.Fatalf("imported definition does not compile: %v", err)
		}
	})
}

// fuzzProcedure is the definition the answer and rule fuzzers run against.
func fuzzProcedure(t testing.TB) *Procedure {
	data, err := os.ReadFile("testdata/family.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Load(data, "family.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func FuzzValidate(f *testing.F) {
	p := fuzzProcedure(f)
	f.Add(`{"person":{"name":"Anna","birth_date":"1980-02-01"},"has_children":true,"children":[{"name":"Ben","birth_date":"2010-05-05"}]}`)
	f.Fuzz(func(t *testing.T, answers string) {
		var m map[string]any
		if json.Unmarshal([]byte(answers), &m) != nil {
			return
		}
		res, err := p.Validate(context.Background(), m, Options{Now: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatalf("validate: %v", err)
		}
		for _, e := range res.Errors {
			if _, ok := messages[e.Key]; !ok || e.Field == "" {
				t.Fatalf("error without catalog key or field: %+v", e)
			}
		}
		if _, err := json.Marshal(res.Answers); err != nil {
			t.Fatalf("normalized answers do not encode: %v", err)
		}
	})
}

func FuzzRule(f *testing.F) {
	base := fuzzProcedure(f).Def
	f.Add(`age(answers.person.birth_date) >= 18 && answers.children.all(c, c.name != "")`)
	f.Add(`add_months(today(), 3) > answers.person.birth_date`)
	f.Fuzz(func(t *testing.T, expr string) {
		def := base
		def.Pages = []Page{{ID: "extra", Title: Text{DE: "Extra"}, Fields: []Field{
			{ID: "x", Type: YesNo, Label: Text{DE: "X"}, VisibleIf: expr},
		}}}
		def.Pages = append(def.Pages, base.Pages...)
		p, err := Compile(def, "fuzz")
		if err != nil {
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		start := time.Now()
		p.Validate(ctx, map[string]any{"x": true, "person": map[string]any{"name": "A", "birth_date": "1990-01-01"},
			"children": []any{map[string]any{"name": "B"}}}, Options{})
		if time.Since(start) > 3*time.Second {
			t.Fatalf("rule %q ran for %v", expr, time.Since(start))
		}
	})
}

func FuzzLoad(f *testing.F) {
	if data, err := os.ReadFile("testdata/family.yaml"); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Load(data, "fuzz.yaml")
		if err != nil {
			return
		}
		p.Validate(context.Background(), map[string]any{}, Options{})
	})
}
