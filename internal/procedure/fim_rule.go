package procedure

import (
	"fmt"
	"strconv"
	"strings"
)

// FIM rules (Regeln) are prose (XDatenfelder 2.0 definition, 3.0.0
// freitextRegel) next to a script that real schemas leave empty
// ("function script() {}"). The importer translates the prose of the
// common rule patterns into checks (fim_rule_parse.go, fim_rule_cel.go):
//
//	Wenn C, dann muss/soll Y befüllt sein / zur Pflichtangabe werden  → Y.required_when C
//	Wenn C, dann darf Y nicht befüllt sein                          → Y.visible_if !(C)
//	Wenn C, dann darf Y nicht leer sein                             → Y.required_when C
//	Wenn C, dann kann Y befüllt werden                              → (a permission: nothing)
//	Es muss mindestens eines der Felder A, B oder C befüllt sein    → A.required_when B, C empty
//	Es muss entweder A oder B befüllt werden                        → exactly one of A, B
//
// where C compares fields with values ("= wahr", "<> 02", "der Wert 009",
// "befüllt", "leer", "(aktuelles Datum - X) < 7 Tage") joined by ODER or by
// UND. A rule is translated only when every sentence of it is understood
// and every field it names is found once in the rule's scope; anything else
// stays a manual rule with its reason. Every rule, enforced or manual,
// becomes a FormRule shown at the fields it concerns.

// ruleMarker marks a note that stands for a pending rule until the rules
// are applied: the note travels with its field while the importer copies
// fields into groups and pages.
const ruleMarker = "\x00fim-rule:"

// fimRule is a FIM rule met during the import.
type fimRule struct {
	id, name, text, path string
	targets              []string // 3.0.0 ziel element ids
	placed               bool     // found on a field after the structure was built
}

// rules records the FIM rules of element n and returns marker notes for
// them; scope "page" marks rules of a group that became a page.
func (im *fimImport) rules(n *xnode, path string) []Text {
	return im.rulesScoped(n, path, "")
}

func (im *fimImport) rulesScoped(n *xnode, path, scope string) []Text {
	var notes []Text
	for _, r := range n.all("regel") {
		r.markAll()
		rid := r.peek("identifikation").peekText("id")
		fr := fimRule{id: clean(rid), name: clean(r.peekText("name")), path: path + "/regel " + clean(rid),
			text: firstNonEmpty(clean(r.peekText("definition")), clean(r.peekText("freitextRegel")),
				clean(r.peekText("beschreibung")), clean(r.peekText("name")))}
		for _, z := range r.kids {
			if z.name == "ziel" {
				for _, e := range z.kids {
					if id := clean(e.peekText("id")); id != "" {
						fr.targets = append(fr.targets, id)
					} else if id := clean(e.text); id != "" {
						fr.targets = append(fr.targets, id)
					}
				}
			}
		}
		im.pending = append(im.pending, &fr)
		notes = append(notes, Text{DE: ruleMarker + strconv.Itoa(len(im.pending)-1), EN: scope})
	}
	return notes
}

// applyRules places every pending rule: it finds the fields the rule
// concerns, translates the rule when it can and records it in the
// definition and the report.
func (im *fimImport) applyRules(schemaNotes []Text) {
	idx := indexFIM(im.def)
	owners := idx.takeMarkers(im.def)
	for _, n := range schemaNotes {
		if i, ok := markerIndex(n); ok {
			owners = append(owners, ruleOwner{rule: i, scope: ""})
		}
	}
	for _, o := range owners {
		r := im.pending[o.rule]
		r.placed = true
		im.applyRule(idx, r, o.scope)
	}
	for _, r := range im.pending {
		if !r.placed {
			im.record(FormRule{ID: r.id, Name: r.name, Text: Text{DE: r.text}, Reason: "the element carrying the rule was not imported"}, r.path, nil)
		}
	}
	if _, err := Compile(*im.def, "FIM rules"); err != nil {
		im.retractRules()
	}
}

// applyRule translates one rule within scope (a field path, "" for the
// whole schema) and records it.
func (im *fimImport) applyRule(idx *fimIndex, r *fimRule, scope string) {
	fr := FormRule{ID: r.id, Name: r.name, Text: Text{DE: r.text}}
	stmts, err := parseRule(r.text)
	var ops []ruleOp
	if err == nil {
		ops, err = idx.translate(stmts, scope, Text{DE: r.text})
	}
	fr.Fields = idx.mentioned(r, scope, ops)
	if err != nil {
		fr.Reason = err.Error()
		im.record(fr, r.path, nil)
		return
	}
	fr.Enforced = true
	for i := range ops {
		ops[i].apply()
	}
	im.record(fr, r.path, ops)
}

// record adds a rule to the definition and the report.
func (im *fimImport) record(fr FormRule, path string, ops []ruleOp) {
	if fr.Text.DE == "" {
		fr.Text.DE = "Regel " + fr.ID
	}
	im.def.Rules = append(im.def.Rules, fr)
	e := RuleEntry{Path: path, Rule: fr, ops: ops}
	for _, op := range ops {
		e.Checks = append(e.Checks, op.String())
	}
	im.report.Rules = append(im.report.Rules, e)
}

// retractRules handles checks that do not compile (which would be a bug
// of the translation): it takes every translation back and applies them
// again one by one, and a rule whose checks break the definition stays
// manual, so the others stay enforced.
func (im *fimImport) retractRules() {
	rules := im.report.Rules
	for i := len(rules) - 1; i >= 0; i-- {
		if rules[i].Rule.Enforced {
			for j := len(rules[i].ops) - 1; j >= 0; j-- {
				rules[i].ops[j].undo()
			}
		}
	}
	k := 0 // index into im.def.Rules, which has the same order
	for i := range rules {
		e := &rules[i]
		for k < len(im.def.Rules) && im.def.Rules[k].ID != e.Rule.ID {
			k++
		}
		if !e.Rule.Enforced {
			k++
			continue
		}
		for j := range e.ops {
			e.ops[j].apply()
		}
		if _, err := Compile(*im.def, "FIM rules"); err != nil {
			for j := len(e.ops) - 1; j >= 0; j-- {
				e.ops[j].undo()
			}
			e.Rule.Enforced, e.Rule.Reason, e.Checks, e.ops = false, "the translated checks do not compile: "+err.Error(), nil, nil
			if k < len(im.def.Rules) {
				im.def.Rules[k] = e.Rule
			}
		}
		k++
	}
}

// ruleOwner is a pending rule and the field path it was attached to.
type ruleOwner struct {
	rule  int
	scope string
}

func markerIndex(n Text) (int, bool) {
	s, ok := strings.CutPrefix(n.DE, ruleMarker)
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(s)
	return i, err == nil
}

// RuleEntry is one rule in the import report: where it was, the rule as
// it is kept, and the checks that enforce it (empty for a manual rule).
type RuleEntry struct {
	Path   string   `json:"path"`
	Rule   FormRule `json:"rule"`
	Checks []string `json:"checks,omitempty"`
	ops    []ruleOp
}

// String renders a rule entry for the report.
func (e RuleEntry) String() string {
	state := "MANUAL  "
	if e.Rule.Enforced {
		state = "enforced"
	}
	s := fmt.Sprintf("  %s %s (%s): %s", state, e.Rule.ID, e.Path, e.Rule.Text.DE)
	for _, c := range e.Checks {
		s += "\n      " + c
	}
	if !e.Rule.Enforced {
		s += "\n      why manual: " + e.Rule.Reason
	}
	return s
}
