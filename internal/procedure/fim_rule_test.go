package procedure

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Real FIM schemas with rules (Regeln), from github fusion-jena/GerPS-Datafield
// (testdata/fimrules/README.md).
const (
	schemaAufenthalt = "testdata/fimrules/S00000246v1.1_xdf2/S00000246v1.1_xdf2.xml" // Aufenthaltserlaubnis zur Erwerbstätigkeit
	schemaAsbest     = "testdata/fimrules/S00000186v1.0_xdf2/S00000186v1.0_xdf2.xml" // Asbest-Anzeige
	schemaMutter     = "testdata/fimrules/S00000094V1.0_xdf2/S00000094V1.0_xdf2.xml" // Mutterschutz-Benachrichtigung
)

// importFile imports a FIM schema with the code lists next to it.
func importFile(t *testing.T, file string) (Definition, Report) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	def, rep, err := ImportFIM(data, DirCodeLists(os.DirFS(filepath.Dir(file)), "."))
	if err != nil {
		t.Fatalf("import %s: %v", file, err)
	}
	return def, rep
}

// sourcePath finds the path of the field imported from a FIM element
// (its Source), descending into groups; "" when absent or ambiguous.
func sourcePath(fields []Field, fimID, prefix string) []string {
	var out []string
	for _, f := range fields {
		if f.Source == "FIM "+fimID {
			out = append(out, prefix+f.ID)
		}
		out = append(out, sourcePath(f.Fields, fimID, prefix+f.ID+".")...)
	}
	return out
}

func onePath(t *testing.T, def Definition, fimID string) string {
	t.Helper()
	var all []string
	for _, pg := range def.Pages {
		all = append(all, sourcePath(pg.Fields, fimID, "")...)
	}
	if len(all) == 0 {
		t.Fatalf("%s not imported", fimID)
	}
	return all[0]
}

// ruleText reads a rule's prose from the schema file itself, so the test
// does not repeat what the importer does.
func ruleText(t *testing.T, file, id string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)<xdf:id>` + id + `</xdf:id>.*?<xdf:definition>(.*?)</xdf:definition>`).FindSubmatch(data)
	if m == nil {
		t.Fatalf("rule %s not in %s", id, file)
	}
	return strings.Join(strings.Fields(strings.NewReplacer("&#xD;", " ", "&lt;", "<", "&gt;", ">", "&quot;", `"`).Replace(string(m[1]))), " ")
}

// hasRuleError reports whether res has the rule's message at path.
func hasRuleError(res Result, path, text string) bool {
	for _, e := range res.Errors {
		if e.Field == path && e.Key == "procedure.rule" && e.Text == text {
			return true
		}
	}
	return false
}

// An application for a residence permit for skilled workers with an
// academic degree (F00002920 = 001) that leaves out the proofs
// (G00002073) breaks rule R00002262 and is refused with its text; with
// another purpose the proofs' group is not asked for. Before, the rule was
// a note and the application was accepted.
func TestFIMRuleRefusesApplicationBreakingIt(t *testing.T) {
	t.Parallel()
	def, _ := importFile(t, schemaAufenthalt)
	p, err := Compile(def, "S00000246")
	if err != nil {
		t.Fatal(err)
	}
	kind, proofs := onePath(t, def, "F00002920"), onePath(t, def, "G00002073")
	text := ruleText(t, schemaAufenthalt, "R00002262")
	validate := func(answers map[string]any) Result {
		res, err := p.Validate(context.Background(), answers, Options{})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	res := validate(map[string]any{kind: "001"})
	if !hasRuleError(res, proofs, text) {
		t.Fatalf("no error with the rule's text at %s; errors: %+v", proofs, res.Errors)
	}
	if res := validate(map[string]any{kind: "002"}); hasRuleError(res, proofs, text) {
		t.Errorf("proofs of another purpose demanded: %+v", res.Errors)
	}
}

// "Es muss mindestens eines der Felder Telefon, Telefax oder E-Mail
// befüllt sein" (R60000037): refused when all are empty, accepted with one.
func TestFIMRuleAtLeastOne(t *testing.T) {
	t.Parallel()
	def, _ := importFile(t, schemaAufenthalt)
	p, err := Compile(def, "S00000246")
	if err != nil {
		t.Fatal(err)
	}
	var rule FormRule
	for _, r := range def.Rules {
		if r.ID == "R60000037" {
			rule = r
		}
	}
	if !rule.Enforced || len(rule.Fields) != 4 {
		t.Fatalf("R60000037: %+v", rule)
	}
	phone, mail := rule.Fields[0], rule.Fields[2]
	group, _, _ := strings.Cut(phone, ".")
	res, err := p.Validate(context.Background(), map[string]any{group: map[string]any{}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !hasRuleError(res, phone, rule.Text.DE) {
		t.Fatalf("no rule error at %s: %+v", phone, res.Errors)
	}
	_, field, _ := strings.Cut(mail, ".")
	res, err = p.Validate(context.Background(), map[string]any{group: map[string]any{field: "a@example.org"}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if hasRuleError(res, phone, rule.Text.DE) {
		t.Fatalf("rule error although an e-mail address is given: %+v", res.Errors)
	}
}

// "Wenn (aktuelles Datum - F00000539 Beginn der Tätigkeiten) < 7 Tage, dann
// muss das Feld Fristverkürzung befüllt sein; >= 7 Tage darf es nicht
// befüllt sein" (R00001340, inside a repeatable group), read as written:
// today minus the start is below 7 days for every start from a week ago
// on (the question must be answered), and the field is dropped for a
// start a week or more in the past.
func TestFIMRuleDateDistance(t *testing.T) {
	t.Parallel()
	def, rep := importFile(t, schemaAsbest)
	var entry RuleEntry
	for _, e := range rep.Rules {
		if e.Rule.ID == "R00001340" {
			entry = e
		}
	}
	if !entry.Rule.Enforced || len(entry.Checks) != 2 || !strings.Contains(entry.Checks[0], "days_between(item.") {
		t.Fatalf("R00001340: %+v", entry)
	}
	p, err := Compile(def, "S00000186")
	if err != nil {
		t.Fatal(err)
	}
	group, field, _ := strings.Cut(entry.Rule.Fields[0], ".")
	_, start, _ := strings.Cut(entry.Rule.Fields[1], ".")
	now := time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		begin                   string
		given, wantErr, wantKep bool
	}{
		{"2025-03-12", false, true, false},
		{"2025-03-12", true, false, true},
		{"2025-03-05", false, true, false},
		{"2025-03-03", true, false, false}, // 7 days ago: must not be given, dropped
		{"2025-02-01", true, false, false},
	} {
		answers := map[string]any{start: c.begin}
		if c.given {
			answers[field] = true
		}
		res, err := p.Validate(context.Background(), map[string]any{group: []any{answers}}, Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if got := hasRuleError(res, group+"[0]."+field, entry.Rule.Text.DE); got != c.wantErr {
			t.Errorf("begin %s, given %v: rule error %v, want %v", c.begin, c.given, got, c.wantErr)
		}
		_, kept := res.Answers[group].([]any)[0].(map[string]any)[field]
		if kept != c.wantKep {
			t.Errorf("begin %s, given %v: answer kept %v, want %v", c.begin, c.given, kept, c.wantKep)
		}
	}
}

// An XDatenfelder 3.0.0 rule is read from its freitextRegel; its skript
// (JavaScript for a FIM runtime) is not run.
func TestFIM3Rule(t *testing.T) {
	t.Parallel()
	def, rep := importFile(t, "testdata/fim3/S99000001_xdf3.xml")
	if len(rep.Rules) != 2 || rep.Rules[0].Rule.Enforced || !rep.Rules[1].Rule.Enforced {
		t.Fatalf("rules: %+v", rep.Rules)
	}
	p, err := Compile(def, "fim3")
	if err != nil {
		t.Fatal(err)
	}
	answers := map[string]any{"familienname": "Vogel", "geburtsdatum": "1970-01-01", "anzahl_der_hunde": "1",
		"hunderasse": "2", "steuerbetrag": "96"}
	res, err := p.Validate(context.Background(), answers, Options{})
	if err != nil || len(res.Errors) != 1 || !hasRuleError(res, "impfpass", rep.Rules[1].Rule.Text.DE) {
		t.Fatalf("a Listenhund without Impfpass: %v %+v", err, res.Errors)
	}
	answers["hunderasse"] = "1"
	if res, err := p.Validate(context.Background(), answers, Options{}); err != nil || !res.Valid() {
		t.Fatalf("a Mischling without Impfpass: %v %+v", err, res.Errors)
	}
}

// Every rule of the real schemas is in the import report and in the
// definition, with its text; the translated ones carry their checks and
// the manual ones the reason.
func TestFIMRulesAllReported(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		file              string
		enforced, manual  []string // some ids of each kind
		minEnforced, want int      // want: occurrences of regel elements
	}{
		{schemaAufenthalt, []string{"R00002262", "R60000056", "R60000020", "R00002264"}, []string{"R60000024", "R00002288"}, 30, 0},
		{schemaAsbest, []string{"R00001340", "R00001315", "R00000940", "R00000066"}, []string{"R00001314", "R00001192", "R00001339"}, 20, 0},
		{schemaMutter, []string{"R00000042", "R00001223", "R60000020"}, []string{"R00000849", "R20001224"}, 8, 0},
		{"../refdata/fim/examples/bewohnerparken/S05000058V1.0_xdf2.xml", []string{"R05000281", "R05000334"}, nil, 2, 0},
	} {
		data, _ := os.ReadFile(c.file)
		def, rep := importFile(t, c.file)
		if n := strings.Count(string(data), "<xdf:regel>"); n != len(rep.Rules) || n != len(def.Rules) {
			t.Errorf("%s: %d rules in the schema, %d in the report, %d in the definition", c.file, n, len(rep.Rules), len(def.Rules))
		}
		state := map[string]bool{}
		enforced := 0
		for _, e := range rep.Rules {
			if e.Rule.Text.DE == "" || (e.Rule.Enforced != (len(e.Checks) > 0)) || (!e.Rule.Enforced && e.Rule.Reason == "") {
				t.Errorf("%s: %+v", c.file, e)
			}
			state[e.Rule.ID] = state[e.Rule.ID] || e.Rule.Enforced
			if e.Rule.Enforced {
				enforced++
			}
		}
		for _, id := range c.enforced {
			if !state[id] {
				t.Errorf("%s: %s not enforced", c.file, id)
			}
		}
		for _, id := range c.manual {
			if v, ok := state[id]; !ok || v {
				t.Errorf("%s: %s not manual (known %v)", c.file, id, ok)
			}
		}
		if enforced < c.minEnforced {
			t.Errorf("%s: %d rules enforced", c.file, enforced)
		}
		if s := rep.String(); !strings.Contains(s, "MANUAL") && len(c.manual) > 0 {
			t.Errorf("%s: report text lacks the manual rules", c.file)
		}
	}
}

// "…, dann darf das Feld F00002947 nicht befüllt werden" becomes a
// visible_if the browser evaluates: the question appears when the purpose
// 018 is chosen on the same page.
func TestFIMRuleVisibilityInBrowser(t *testing.T) {
	t.Parallel()
	def, _ := importFile(t, schemaAufenthalt)
	path := onePath(t, def, "F00002947")
	for _, pg := range def.Pages {
		for _, f := range pg.Fields {
			if f.ID != path {
				continue
			}
			c, ok := ClientVisibility(f.VisibleIf, pg.Fields, nil)
			if !ok || c.Partial || len(c.Terms) != 1 || c.Terms[0].Negate || len(c.Terms[0].Values) != 1 || c.Terms[0].Values[0] != "018" {
				t.Fatalf("visible_if %q in the browser: %+v %v", f.VisibleIf, c, ok)
			}
			return
		}
	}
	t.Fatalf("%s not a top-level field", path)
}
