package procedure

import "strings"

// FormRule is a rule of a form (Regel) in words: what the applicant must
// observe, the fields it concerns and whether the portal enforces it.
// Imported FIM rules become FormRules (fim_rule.go); an enforced rule is
// also expressed as required_when, visible_if or checks on its fields.
type FormRule struct {
	// ID is the rule's identifier, e.g. the FIM id R60000050.
	ID string `json:"id"`
	// Name is the rule's short name, if it has one.
	Name string `json:"name,omitempty"`
	// Text is the rule as written (FIM: definition or freitextRegel).
	Text Text `json:"text"`
	// Fields are the paths of the fields the rule concerns, e.g.
	// "kontakt.telefon" (no entry indexes); the forms show the text there.
	Fields []string `json:"fields,omitempty"`
	// Enforced is true when checks of the definition enforce the rule;
	// a manual rule is for the case worker to check.
	Enforced bool `json:"enforced"`
	// Reason says why a rule stays manual (or how it is enforced).
	Reason string `json:"reason,omitempty"`
}

// RulesFor returns the rules that concern the field at path ("kinder[0].name"
// and "kinder.name" are the same field), in definition order.
func (d Definition) RulesFor(path string) []FormRule {
	path = stripIndexes(path)
	var out []FormRule
	for _, r := range d.Rules {
		for _, f := range r.Fields {
			if f == path {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// stripIndexes removes entry indexes from a field path:
// "kinder[0].name" → "kinder.name".
func stripIndexes(path string) string {
	if !strings.Contains(path, "[") {
		return path
	}
	var b strings.Builder
	skip := false
	for _, c := range path {
		switch {
		case c == '[':
			skip = true
		case c == ']':
			skip = false
		case !skip:
			b.WriteRune(c)
		}
	}
	return b.String()
}
