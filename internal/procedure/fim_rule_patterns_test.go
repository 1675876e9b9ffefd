package procedure

import (
	"context"
	"strings"
	"testing"
	"time"
)

// put sets the answer at a dotted path ("group.field"), making the groups
// on the way.
func put(answers map[string]any, path string, v any) map[string]any {
	head, rest, nested := strings.Cut(path, ".")
	if !nested {
		answers[head] = v
		return answers
	}
	inner, _ := answers[head].(map[string]any)
	if inner == nil {
		inner = map[string]any{}
	}
	answers[head] = put(inner, rest, v)
	return answers
}

// answersAt builds answers from FIM ids and values; a value of type
// []any (a repeatable group) is taken as it is.
func answersAt(t *testing.T, def Definition, kv ...any) map[string]any {
	t.Helper()
	answers := map[string]any{}
	for i := 0; i < len(kv); i += 2 {
		put(answers, onePath(t, def, kv[i].(string)), kv[i+1])
	}
	return answers
}

// has reports whether the answer at a dotted path survived validation.
func has(answers map[string]any, path string) bool {
	head, rest, nested := strings.Cut(path, ".")
	v, ok := answers[head]
	if !nested || !ok {
		return ok
	}
	inner, _ := v.(map[string]any)
	return has(inner, rest)
}

// Every translated pattern of the Blue Card schema refuses an application
// that breaks the rule with the rule's own text at the field it concerns,
// and accepts one that keeps it. A "darf nicht befüllt sein" drops the
// answer instead (the field is hidden).
func TestFIMRuleEveryPattern(t *testing.T) {
	t.Parallel()
	def, _, p := blaueKarte(t)
	now := time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)
	at := func(kv ...any) map[string]any { return answersAt(t, def, kv...) }
	// Optional groups (0:1) are lists of at most one item.
	title := []any{map[string]any{"nummer_des_aufenthaltstitels": "AB1234567", "gueltig_bis": "2027-01-31"}}
	one := func(group string, kv ...string) map[string]any {
		item := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			item[kv[i]] = kv[i+1]
		}
		return map[string]any{onePath(t, def, group): []any{item}}
	}
	for _, c := range []struct {
		rule, pattern, target string // target: FIM id of the field the rule concerns
		bad, good             map[string]any
		hides                 bool // bad: the answer at target is dropped, good: kept
	}{
		{"R99000201", "mindestens eines der Felder", "F99000021", at("F99000014", "indisch"), at("F99000022", "+49 30 1234"), false},
		{"R99000203", "= 002 ODER = 003 → Gruppe muss befüllt sein", "G99000040",
			at("F99000030", "003"), map[string]any{onePath(t, def, "F99000030"): "002", onePath(t, def, "G99000040"): title}, false},
		{"R99000203", "= 001 → Gruppe darf nicht befüllt sein", "G99000040",
			map[string]any{onePath(t, def, "F99000030"): "001", onePath(t, def, "G99000040"): title},
			map[string]any{onePath(t, def, "F99000030"): "002", onePath(t, def, "G99000040"): title}, true},
		{"R99000202", "<> 003 → darf nicht befüllt werden", "F99000032",
			at("F99000030", "001", "F99000032", "ABH-4711"), at("F99000030", "003", "F99000032", "ABH-4711"), true},
		{"R99000204", "der Wert 001 angegeben wurde → zum Pflichtfeld", "G99000060", at("F99000050", "001"), at("F99000050", "999"), false},
		{"R99000205", "bei X \"002 …\" angegeben wird → zur Pflichtangabe", "F99000065", at("F99000050", "002"), at("F99000050", "001"), false},
		{"R99000206", "= \"wahr\" → muss befüllt sein", "F99000075",
			at("F99000074", true), at("F99000074", true, "F99000075", "Softwareentwicklerin"), false},
		{"R99000206", "<> \"wahr\" → darf nicht befüllt sein", "F99000075",
			at("F99000074", false, "F99000075", "Softwareentwicklerin"), at("F99000074", true, "F99000075", "Softwareentwicklerin"), true},
		{"R99000207", "(aktuelles Datum - X) > 30 Tage", "F99000076",
			at("F99000072", "2025-01-15"), at("F99000072", "2025-03-01"), false},
		{"R99000208", "(aktuelles Datum - X) > 45 Jahre", "F99000079",
			at("F99000013", "1975-05-01"), at("F99000013", "1985-05-01"), false},
		{"R99000209", "nicht leer → darf nicht leer sein", "G99000080",
			one("G99000080", "strasse", "Am Markt"), one("G99000080", "strasse", "Am Markt", "hausnummer", "3"), false},
		{"R99000210", "nicht der Wert \"\" → zum Pflichtfeld", "G99000090",
			one("G99000090", "staat", "Frankreich"), one("G99000090", "staat", "Frankreich", "zustellbevollmaechtigte_person_im_inland", "Ada Muster"), false},
		{"R99000211", "entweder … oder (keine)", "G99000080", at("F99000014", "indisch"),
			one("G99000090", "ort", "Lyon"), false},
		{"R99000211", "entweder … oder (beide)", "G99000080",
			map[string]any{onePath(t, def, "G99000080"): []any{map[string]any{"ort": "Jena"}}, onePath(t, def, "G99000090"): []any{map[string]any{"ort": "Lyon"}}},
			one("G99000080", "ort", "Jena"), false},
		{"R99000212", "= 999 in einer wiederholbaren Gruppe", "G99000110",
			at("G99000110", []any{map[string]any{"aufenthaltszweck": "999"}}),
			at("G99000110", []any{map[string]any{"aufenthaltszweck": "999", "erlaeuterung_des_sonstigen_zwecks": "Sprachkurs"}}), false},
		{"R99000215", "= \"wahr\" → Zahl muss befüllt sein", "F99000141",
			at("F99000140", true), at("F99000140", true, "F99000141", 2), false},
	} {
		rule := ruleByID(t, def, c.rule)
		if !rule.Enforced {
			t.Errorf("%s (%s) not enforced: %s", c.rule, c.pattern, rule.Reason)
			continue
		}
		if rule.Text.DE != ruleText(t, schemaBlaueKarte, c.rule) {
			t.Errorf("%s: text %q", c.rule, rule.Text.DE)
		}
		target := onePath(t, def, c.target)
		bad, err := p.Validate(context.Background(), c.bad, Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		good, err := p.Validate(context.Background(), c.good, Options{Now: now})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range append(bad.Errors, good.Errors...) {
			if e.Key == "procedure.invalid_type" {
				t.Fatalf("%s (%s): the test's answers are malformed at %s", c.rule, c.pattern, e.Field)
			}
		}
		if c.hides {
			if has(bad.Answers, target) || !has(good.Answers, target) {
				t.Errorf("%s (%s): %s kept %v when it must not be filled, %v when it may", c.rule, c.pattern, target,
					has(bad.Answers, target), has(good.Answers, target))
			}
			continue
		}
		if !ruleErrorUnder(bad, target, rule.Text.DE) {
			t.Errorf("%s (%s): breaking application not refused at %s; errors %+v", c.rule, c.pattern, target, bad.Errors)
		}
		if ruleErrorUnder(good, "", rule.Text.DE) {
			t.Errorf("%s (%s): valid application refused; errors %+v", c.rule, c.pattern, good.Errors)
		}
	}
}

// ruleErrorUnder reports whether res has the rule's message at path or
// inside it (a field of the group, an item of the repeatable group).
func ruleErrorUnder(res Result, path, text string) bool {
	for _, e := range res.Errors {
		if e.Key == "procedure.rule" && e.Text == text && strings.HasPrefix(e.Field, path) {
			return true
		}
	}
	return false
}
