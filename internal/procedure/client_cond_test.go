package procedure_test

import (
	"reflect"
	"testing"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// TestClientVisibility: only conditions on choice fields in scope are
// handed to the browser; other conjuncts make the condition partial, and
// a condition with no browser-evaluable term is left to the server.
func TestClientVisibility(t *testing.T) {
	t.Parallel()
	page := []procedure.Field{
		{ID: "mit_familie", Type: procedure.YesNo},
		{ID: "rechtsform", Type: procedure.SingleChoice},
		{ID: "methoden", Type: procedure.MultipleChoice},
		{ID: "name", Type: procedure.ShortText},
		{ID: "verspaetet", Type: procedure.YesNo, Compute: "true"},
	}
	group := []procedure.Field{{ID: "beziehung", Type: procedure.SingleChoice}, {ID: "geburtsdatum", Type: procedure.Date}}
	term := func(item bool, field string, negate bool, values ...string) procedure.ConditionTerm {
		return procedure.ConditionTerm{Item: item, Field: field, Values: values, Negate: negate}
	}
	tests := []struct {
		expr    string
		want    []procedure.ConditionTerm
		partial bool
		ok      bool
	}{
		{"answers.mit_familie", []procedure.ConditionTerm{term(false, "mit_familie", false, "true")}, false, true},
		{"!answers.mit_familie", []procedure.ConditionTerm{term(false, "mit_familie", true, "true")}, false, true},
		{"answers.mit_familie == false", []procedure.ConditionTerm{term(false, "mit_familie", true, "true")}, false, true},
		{"answers.rechtsform in ['gmbh', 'ug']", []procedure.ConditionTerm{term(false, "rechtsform", false, "gmbh", "ug")}, false, true},
		{"'einzel' != answers.rechtsform", []procedure.ConditionTerm{term(false, "rechtsform", true, "einzel")}, false, true},
		{"'seismik' in answers.methoden", []procedure.ConditionTerm{term(false, "methoden", false, "seismik")}, false, true},
		{"item.beziehung == 'kind' && age(item.geburtsdatum) < 18", []procedure.ConditionTerm{term(true, "beziehung", false, "kind")}, true, true},
		{"answers.name == 'x'", nil, true, false},                             // text: normalized on the server only
		{"answers.verspaetet", nil, true, false},                              // computed on the server
		{"answers.anderswo == 'x'", nil, true, false},                         // not on this page
		{"item.beziehung == 'kind' || answers.mit_familie", nil, true, false}, // disjunction
		{"answers.mit_familie &&", nil, false, false},                         // does not parse
	}
	for _, tt := range tests {
		got, ok := procedure.ClientVisibility(tt.expr, page, group)
		if ok != tt.ok || (ok && (!reflect.DeepEqual(got.Terms, tt.want) || got.Partial != tt.partial)) {
			t.Errorf("%s: got %+v, %v; want %+v partial %v, %v", tt.expr, got, ok, tt.want, tt.partial, tt.ok)
		}
	}
}

// TestHiddenFields: the fields the form pages leave out are exactly those
// Validate drops without validating them.
func TestHiddenFields(t *testing.T) {
	t.Parallel()
	p, err := procedure.Load([]byte(`
id: test-hidden
version: 1
title: {de: "T"}
assurance: low
deadline: P1M
retention: P1Y
pages:
  - id: a
    title: {de: "A"}
    fields:
      - {id: zustellung, type: date, label: {de: "Zugestellt am"}, required: true}
      - {id: verspaetet, type: yes_no, label: {de: "Verspätet"}, compute: "answers.zustellung != '' && answers.zustellung < '2026-01-01'"}
      - {id: grund, type: long_text, label: {de: "Grund"}, visible_if: answers.verspaetet, required: true, max_length: 3}
      - id: leute
        type: group
        label: {de: "Leute"}
        repeat: {min: 1, max: 3}
        fields:
          - {id: art, type: single_choice, label: {de: "Art"}, options: [{value: kind, label: {de: "Kind"}}, {value: ehe, label: {de: "Ehe"}}]}
          - {id: sorge, type: yes_no, label: {de: "Sorge"}, visible_if: "item.art == 'kind'", required: true}
`), "t.yaml")
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]any{"zustellung": "2026-06-01", "grund": "much too long",
		"leute": []any{map[string]any{"art": "ehe"}, map[string]any{"art": "kind", "sorge": "ja"}}}
	hidden := p.HiddenFields(t.Context(), answers)
	if want := map[string]bool{"grund": true, "leute[0].sorge": true}; !reflect.DeepEqual(hidden, want) {
		t.Errorf("hidden %v, want %v", hidden, want)
	}
	res, err := p.Validate(t.Context(), answers, procedure.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !res.Valid() {
		t.Errorf("hidden answers were validated: %v", res.Errors)
	}
	if _, ok := res.Answers["grund"]; ok {
		t.Errorf("hidden answer kept: %v", res.Answers)
	}
	answers["zustellung"] = "2025-06-01"
	if hidden := p.HiddenFields(t.Context(), answers); hidden["grund"] {
		t.Errorf("grund hidden although late: %v", hidden)
	}
}
