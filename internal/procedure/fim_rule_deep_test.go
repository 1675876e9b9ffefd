package procedure

import (
	"context"
	"strings"
	"testing"
)

const schemaArbeitgeber = "testdata/arbeitgeber/S99000247V1.0_xdf2.xml"

// nestedAnswers builds the answers for one value at a dotted path of the
// definition, putting one item into every repeatable group on the way; it
// returns them with the error path of that value ("a[0].b").
func nestedAnswers(t *testing.T, def Definition, path string, v any) (map[string]any, string) {
	t.Helper()
	var fields []Field
	for _, pg := range def.Pages {
		fields = append(fields, pg.Fields...)
	}
	root := map[string]any{}
	cur, errPath := root, ""
	segs := strings.Split(path, ".")
	for i, seg := range segs {
		var f *Field
		for j := range fields {
			if fields[j].ID == seg {
				f = &fields[j]
			}
		}
		if f == nil {
			t.Fatalf("%s: no field %s", path, seg)
		}
		errPath += seg
		if i == len(segs)-1 {
			cur[seg] = v
			break
		}
		next := map[string]any{}
		if f.Repeat != nil {
			cur[seg] = []any{next}
			errPath += "[0]"
		} else {
			cur[seg] = next
		}
		errPath += "."
		cur, fields = next, f.Fields
	}
	return root, errPath
}

// A field that may be given several times (0:3) inside groups nested six
// deep cannot become a repeatable group of its own: it keeps one value and
// the report says so, and the schema imports and compiles. Before, such a
// field (as in a real residence-permit schema) made the whole import fail
// with "groups nest deeper than 6 levels". A rule down there still works.
func TestFIMDeepRepeatedField(t *testing.T) {
	t.Parallel()
	def, rep := importFile(t, schemaArbeitgeber)
	p, err := Compile(def, "S99000247")
	if err != nil {
		t.Fatal(err)
	}
	noted := false
	for _, u := range rep.Unmapped {
		noted = noted || (strings.HasSuffix(u.Path, "datenfeld F99000409/anzahl") && strings.Contains(u.Reason, "one value only"))
	}
	if !noted {
		t.Errorf("the report does not say that F99000409 keeps one value: %v", rep.Unmapped)
	}
	rule := ruleByID(t, def, "R99000401")
	if !rule.Enforced {
		t.Fatalf("R99000401 manual: %s", rule.Reason)
	}
	phone, mail := rule.Fields[0], rule.Fields[1]
	empty, at := nestedAnswers(t, def, phone, "")
	res, err := p.Validate(context.Background(), empty, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !hasRuleError(res, at, rule.Text.DE) {
		t.Errorf("no rule error at %s: %+v", at, res.Errors)
	}
	given, _ := nestedAnswers(t, def, mail, "a@example.org")
	if res, err = p.Validate(context.Background(), given, Options{}); err != nil || ruleErrorUnder(res, "", rule.Text.DE) {
		t.Errorf("rule error although an e-mail address is given: %v %+v", err, res.Errors)
	}
}
