package procedure

import (
	"strings"
	"testing"
)

// A translation whose checks do not compile (a bug of the translator) is
// taken back: that rule stays manual with the reason, the others stay
// enforced, and the definition loads.
func TestRetractRuleThatDoesNotCompile(t *testing.T) {
	t.Parallel()
	def := Definition{ID: "x-rules", Version: 1, Title: Text{DE: "X"}, Assurance: "low", Deadline: "P1M", Retention: "P1Y",
		Pages: []Page{{ID: "p", Title: Text{DE: "P"}, Fields: []Field{
			{ID: "a", Type: ShortText, Label: Text{DE: "A"}, VisibleIf: `answers.b != "x"`},
			{ID: "b", Type: ShortText, Label: Text{DE: "B"}},
		}}}}
	im := &fimImport{def: &def, report: &Report{}}
	idx := indexFIM(&def)
	a, b := idx.all[0], idx.all[1]
	good := []ruleOp{{kind: opHide, target: a, expr: `!(answers.b == "y")`}, {kind: opRequire, target: a, expr: `answers.b != ""`, msg: Text{DE: "gut"}}}
	bad := []ruleOp{{kind: opHide, target: b, expr: `!(answers.nope == 1)`}}
	for _, r := range []struct {
		id  string
		ops []ruleOp
	}{{"R1", good}, {"R2", bad}} {
		for i := range r.ops {
			r.ops[i].apply()
		}
		im.record(FormRule{ID: r.id, Text: Text{DE: r.id}, Enforced: true}, r.id, r.ops)
	}
	if _, err := Compile(def, "x"); err == nil {
		t.Fatal("the broken translation compiles; the test proves nothing")
	}
	im.retractRules()
	if _, err := Compile(def, "x"); err != nil {
		t.Fatalf("still broken: %v", err)
	}
	if !def.Rules[0].Enforced || def.Rules[1].Enforced || !strings.Contains(def.Rules[1].Reason, "do not compile") {
		t.Errorf("rules after the retraction: %+v", def.Rules)
	}
	f := def.Pages[0].Fields
	if f[0].VisibleIf != `(answers.b != "x") && !(answers.b == "y")` || len(f[0].RequiredWhen) != 1 || f[1].VisibleIf != "" {
		t.Errorf("fields after the retraction: %q %v %q", f[0].VisibleIf, f[0].RequiredWhen, f[1].VisibleIf)
	}
}
