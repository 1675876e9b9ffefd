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

// schemaBlaueKarte is our own XDatenfelder 2.0 schema modelled on an
// application for an EU Blue Card (testdata/blauekarte/README.md): its
// rules use every prose pattern the importer translates and every reason
// it has to leave one manual, worded the way FIM editors write them.
const schemaBlaueKarte = "testdata/blauekarte/S99000246V1.0_xdf2.xml"

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

// blaueKarte imports the Blue Card schema and compiles it.
func blaueKarte(t *testing.T) (Definition, Report, *Procedure) {
	t.Helper()
	def, rep := importFile(t, schemaBlaueKarte)
	p, err := Compile(def, "S99000246")
	if err != nil {
		t.Fatal(err)
	}
	return def, rep, p
}

// ruleByID finds a rule of the definition.
func ruleByID(t *testing.T, def Definition, id string) FormRule {
	t.Helper()
	for _, r := range def.Rules {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("rule %s not in the definition", id)
	return FormRule{}
}

// An application for a Blue Card on the strength of a university degree
// (F99000050 = 001) that leaves out the proofs (G99000060) breaks rule
// R99000204 and is refused with its text; with another qualification the
// proofs' group is not asked for.
func TestFIMRuleRefusesApplicationBreakingIt(t *testing.T) {
	t.Parallel()
	def, _, p := blaueKarte(t)
	kind, proofs := onePath(t, def, "F99000050"), onePath(t, def, "G99000060")
	text := ruleText(t, schemaBlaueKarte, "R99000204")
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
		t.Errorf("proofs of another qualification demanded: %+v", res.Errors)
	}
}

// "Es muss mindestens eines der Felder Telefon, Telefax oder E-Mail-Adresse
// befüllt sein" (R99000201): refused when all are empty, accepted with one.
func TestFIMRuleAtLeastOne(t *testing.T) {
	t.Parallel()
	def, _, p := blaueKarte(t)
	rule := ruleByID(t, def, "R99000201")
	if !rule.Enforced || len(rule.Fields) != 3 {
		t.Fatalf("R99000201: %+v", rule)
	}
	phone, mail := rule.Fields[0], rule.Fields[2]
	res, err := p.Validate(context.Background(), map[string]any{}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !hasRuleError(res, phone, rule.Text.DE) {
		t.Fatalf("no rule error at %s: %+v", phone, res.Errors)
	}
	res, err = p.Validate(context.Background(), put(map[string]any{}, mail, "a@example.org"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if hasRuleError(res, phone, rule.Text.DE) {
		t.Fatalf("rule error although an e-mail address is given: %+v", res.Errors)
	}
}

// "Wenn (aktuelles Datum - F99000112 "Bis") < 180 Tage, dann muss das Feld
// F99000115 befüllt sein. Wenn … > 180 Tage oder = 180 Tage, darf das Feld
// F99000115 nicht befüllt sein" (R99000213, inside a repeatable group):
// a stay that ended less than 180 days ago (or ends in the future) needs
// the current status; for an older one the answer is dropped.
func TestFIMRuleDateDistance(t *testing.T) {
	t.Parallel()
	_, rep, p := blaueKarte(t)
	var entry RuleEntry
	for _, e := range rep.Rules {
		if e.Rule.ID == "R99000213" {
			entry = e
		}
	}
	if !entry.Rule.Enforced || len(entry.Checks) != 2 || !strings.Contains(entry.Checks[0], "days_between(item.") {
		t.Fatalf("R99000213: %+v", entry)
	}
	group, field, _ := strings.Cut(entry.Rule.Fields[0], ".")
	_, end, _ := strings.Cut(entry.Rule.Fields[1], ".")
	now := time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		end                     string
		given, wantErr, wantKep bool
	}{
		{"2025-03-12", false, true, false},
		{"2025-03-12", true, false, true},
		{"2024-12-01", false, true, false},
		{"2024-09-12", true, false, true},  // 179 days ago
		{"2024-09-11", true, false, false}, // 180 days ago: must not be given, dropped
		{"2020-01-31", true, false, false},
	} {
		answers := map[string]any{end: c.end}
		if c.given {
			answers[field] = "Blaue Karte EU"
		}
		res, err := p.Validate(context.Background(), map[string]any{group: []any{answers}}, Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		if got := hasRuleError(res, group+"[0]."+field, entry.Rule.Text.DE); got != c.wantErr {
			t.Errorf("end %s, given %v: rule error %v, want %v", c.end, c.given, got, c.wantErr)
		}
		_, kept := res.Answers[group].([]any)[0].(map[string]any)[field]
		if kept != c.wantKep {
			t.Errorf("end %s, given %v: answer kept %v, want %v", c.end, c.given, kept, c.wantKep)
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

// "Wenn das Feld F99000030 <> 003 …, dann darf das Feld F99000032 nicht
// befüllt werden" becomes a visible_if the browser evaluates: the question
// appears when 003 is chosen on the same page.
func TestFIMRuleVisibilityInBrowser(t *testing.T) {
	t.Parallel()
	def, _ := importFile(t, schemaBlaueKarte)
	path := onePath(t, def, "F99000032")
	for _, pg := range def.Pages {
		for _, f := range pg.Fields {
			if f.ID != path {
				continue
			}
			c, ok := ClientVisibility(f.VisibleIf, pg.Fields, nil)
			if !ok || c.Partial || len(c.Terms) != 1 || c.Terms[0].Negate || len(c.Terms[0].Values) != 1 || c.Terms[0].Values[0] != "003" {
				t.Fatalf("visible_if %q in the browser: %+v %v", f.VisibleIf, c, ok)
			}
			return
		}
	}
	t.Fatalf("%s not a top-level field", path)
}
