package procedure

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// The prose of a FIM rule is read by patterns over its sentences, with the
// quoted labels and values masked first (a label may hold anything,
// "o.ä.", "ODER", parentheses). Whatever does not match a pattern as a
// whole is not understood, and the rule stays manual.

// stmtKind is what a sentence of a rule demands.
type stmtKind int

const (
	stmtRequire    stmtKind = iota // Wenn C, dann muss Y befüllt sein
	stmtHide                       // Wenn C, dann darf Y nicht befüllt sein
	stmtAllow                      // Wenn C, dann kann Y befüllt werden
	stmtAtLeastOne                 // Es muss mindestens eines der Felder … befüllt sein
	stmtExactlyOne                 // Es muss entweder … oder … befüllt werden
)

// ruleStmt is one understood sentence.
type ruleStmt struct {
	kind  stmtKind
	cond  ruleCond
	elems []string // the element refs the sentence demands something of
}

// ruleCond is a condition: atoms joined by one connective.
type ruleCond struct {
	or    bool
	atoms []ruleAtom
}

// atomKind is the comparison of one condition atom.
type atomKind int

const (
	atomEq     atomKind = iota // = value
	atomNe                     // <> value
	atomFilled                 // befüllt, nicht leer, <> ""
	atomEmpty                  // leer, nicht befüllt, = ""
	atomDate                   // (aktuelles Datum - X) cmp n Tage/Jahre
)

// ruleAtom compares one element.
type ruleAtom struct {
	ref   string
	kind  atomKind
	value string // a code, or "wahr"
	cmp   string // for atomDate: < > <= >= =
	n     int
	years bool
}

var (
	fimRefPattern = regexp.MustCompile(`\b[FG]\d{8}(?:\.[FG]\d{8})*\b`)
	quoted        = regexp.MustCompile(`"[^"]*"`)
	maskRef       = regexp.MustCompile(`⟦(\d+)⟧`)
	article       = `(?:(?:das|die|der|dem|den|im|bei|aus)\s+)*(?:(?:Daten)?[Ff]eld(?:gruppe)?|Datenfeldgruppe|Gruppe|Feldgruppe)?\s*`
	elem          = article + `(` + fimRefPattern.String() + `)(?:\s*⟦\d+⟧)?`
	elemRe        = regexp.MustCompile(`^` + elem + `$`)
	fill          = `(?:befüllt|ausgefüllt|angegeben)\s+(?:sein|werden)`
	mandatory     = `(?:zur\s+Pflichtangabe|zum\s+Pflichtfeld|eine\s+Pflichtangabe|ein\s+Pflichtfeld)(?:\s+(?:sein|werden))?`
	consequences  = []struct {
		re   *regexp.Regexp
		kind stmtKind
	}{
		{regexp.MustCompile(`^(?:muss|müssen|soll|sollen|wird)\s+(.+?)\s+(?:` + fill + `|` + mandatory + `)$`), stmtRequire},
		{regexp.MustCompile(`^darf\s+(.+?)\s+nicht\s+leer\s+(?:sein|bleiben)$`), stmtRequire},
		{regexp.MustCompile(`^(?:darf|dürfen)\s+(.+?)\s+nicht\s+` + fill + `$`), stmtHide},
		{regexp.MustCompile(`^(?:kann|können)\s+(.+?)\s+` + fill + `$`), stmtAllow},
	}
	atLeastOne  = regexp.MustCompile(`^Es\s+(?:muss|müssen)\s+mindeste?n?s\s+(?:eines|eins|ein)\s+der\s+(?:Daten)?(?:Felder|Feldgruppen|Elemente)\s+(.+?)\s+` + fill + `$`)
	exactlyOne  = regexp.MustCompile(`^Es\s+(?:muss|müssen)\s+(?:genau\s+)?entweder\s+(.+?)\s+` + fill + `$`)
	listSep     = regexp.MustCompile(`\s*(?:,\s*(?:oder\s+|und\s+)?|\s+oder\s+|\s+und\s+)\s*`)
	thenSplit   = regexp.MustCompile(`,?\s+dann\s+`)
	verbSplit   = regexp.MustCompile(`,?\s+((?:muss|müssen|soll|sollen|darf|dürfen|kann|können)\s+.*)$`)
	connective  = regexp.MustCompile(`\s+(ODER|UND|oder|und)\s+`)
	dateAtom    = regexp.MustCompile(`^\(\s*aktuelles\s+Datum\s*-\s*` + elem + `\s*\)\s*(<=|>=|<|>|=)\s*(\d{1,5})\s*(Tagen?|Jahren?)$`)
	dateOrEqual = regexp.MustCompile(`(<|>)\s*(\d+)\s*(Tagen?|Jahren?)\s+oder\s+=\s*(\d+)\s*(Tagen?|Jahren?)`)
	cmpAtom     = regexp.MustCompile(`^(?:` + elem + `)?\s*(=|<>)\s*(⟦\d+⟧|\d+|wahr|falsch)(?:\s*⟦\d+⟧)?$`)
	stateAtom   = regexp.MustCompile(`^` + elem + `\s+(nicht\s+)?(befüllt|ausgefüllt|leer)(?:\s+ist)?$`)
	valueAtom   = regexp.MustCompile(`^` + elem + `\s+(nicht\s+)?der\s+Wert\s+(⟦\d+⟧|\d+)\s+angegeben\s+(?:wurde|wird|ist)$`)
	givenAtom   = regexp.MustCompile(`^` + elem + `\s+(⟦\d+⟧)\s+angegeben\s+(?:wurde|wird|ist)$`)
	leadingCode = regexp.MustCompile(`^(\d{1,6})\s`)
	codeOnly    = regexp.MustCompile(`^\d{1,6}$`)
)

// parseRule reads a rule's prose into statements, or says what it could
// not understand.
func parseRule(text string) ([]ruleStmt, error) {
	t := strings.NewReplacer("„", `"`, "“", `"`, "”", `"`, "≠", "<>", "!=", "<>", "≥", ">=", "≤", "<=").Replace(clean(text))
	if t == "" {
		return nil, fmt.Errorf("the rule has no text")
	}
	var lits []string
	t = quoted.ReplaceAllStringFunc(t, func(q string) string {
		lits = append(lits, q[1:len(q)-1])
		return fmt.Sprintf("⟦%d⟧", len(lits)-1)
	})
	if strings.Contains(t, `"`) {
		return nil, fmt.Errorf("unbalanced quotation marks")
	}
	var out []ruleStmt
	for s := range strings.SplitSeq(t, ". ") {
		s = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), "."))
		if s == "" {
			continue
		}
		st, err := parseSentence(s, lits)
		if err != nil {
			return nil, fmt.Errorf("sentence %q not understood: %v", unmask(s, lits), err)
		}
		out = append(out, st)
	}
	return out, nil
}

// unmask puts the quoted texts back, for messages.
func unmask(s string, lits []string) string {
	return maskRef.ReplaceAllStringFunc(s, func(m string) string {
		i, _ := strconv.Atoi(m[len("⟦") : len(m)-len("⟧")])
		return `"` + lits[i] + `"`
	})
}

// parseSentence reads one sentence.
func parseSentence(s string, lits []string) (ruleStmt, error) {
	if m := atLeastOne.FindStringSubmatch(s); m != nil {
		refs, err := elemList(m[1])
		return ruleStmt{kind: stmtAtLeastOne, elems: refs}, err
	}
	if m := exactlyOne.FindStringSubmatch(s); m != nil {
		refs, err := elemList(m[1])
		return ruleStmt{kind: stmtExactlyOne, elems: refs}, err
	}
	rest, ok := strings.CutPrefix(s, "Wenn ")
	if !ok {
		return ruleStmt{}, fmt.Errorf("not a pattern of the form 'Wenn …, dann …', 'Es muss mindestens eines der Felder …' or 'Es muss entweder … oder …'")
	}
	var condText, then string
	if loc := thenSplit.FindStringIndex(rest); loc != nil {
		condText, then = rest[:loc[0]], rest[loc[1]:]
	} else if m := verbSplit.FindStringSubmatchIndex(rest); m != nil {
		condText, then = rest[:m[0]], rest[m[2]:]
	} else {
		return ruleStmt{}, fmt.Errorf("no consequence ('dann …') found")
	}
	cond, err := parseCond(condText, lits)
	if err != nil {
		return ruleStmt{}, err
	}
	for _, c := range consequences {
		if m := c.re.FindStringSubmatch(then); m != nil {
			refs, err := elemList(m[1])
			return ruleStmt{kind: c.kind, cond: cond, elems: refs}, err
		}
	}
	return ruleStmt{}, fmt.Errorf("consequence %q is not 'muss … befüllt sein', 'darf … nicht befüllt sein' or 'kann … befüllt werden'", unmask(then, lits))
}

// elemList reads "A", "A, B oder C", "A und B".
func elemList(s string) ([]string, error) {
	var refs []string
	for _, part := range listSep.Split(s, -1) {
		m := elemRe.FindStringSubmatch(strings.TrimSpace(part))
		if m == nil {
			return nil, fmt.Errorf("%q does not name one field or group", part)
		}
		refs = append(refs, m[1])
	}
	return refs, nil
}

// parseCond reads atoms joined by ODER or by UND (not both: without
// parentheses their precedence is not clear).
func parseCond(s string, lits []string) (ruleCond, error) {
	s = dateOrEqual.ReplaceAllStringFunc(s, func(m string) string {
		p := dateOrEqual.FindStringSubmatch(m)
		if p[2] != p[4] || strings.TrimSuffix(p[3], "n") != strings.TrimSuffix(p[5], "n") {
			return m
		}
		return p[1] + "= " + p[2] + " " + p[3]
	})
	var c ruleCond
	seps := connective.FindAllStringSubmatch(s, -1)
	for i, sep := range seps {
		or := strings.EqualFold(sep[1], "oder")
		if i > 0 && or != c.or {
			return c, fmt.Errorf("ODER and UND mixed without parentheses")
		}
		c.or = or
	}
	prev := ""
	for _, part := range connective.Split(s, -1) {
		a, err := parseAtom(strings.Trim(part, " ,"), prev, lits)
		if err != nil {
			return c, err
		}
		prev = a.ref
		c.atoms = append(c.atoms, a)
	}
	return c, nil
}

// parseAtom reads one comparison; prev is the element of the atom before,
// for "X = 002 ODER = 004".
func parseAtom(s, prev string, lits []string) (ruleAtom, error) {
	lit := func(tok string) string {
		if m := maskRef.FindStringSubmatch(tok); m != nil {
			i, _ := strconv.Atoi(m[1])
			return lits[i]
		}
		return tok
	}
	if m := dateAtom.FindStringSubmatch(s); m != nil {
		n, _ := strconv.Atoi(m[3])
		return ruleAtom{ref: m[1], kind: atomDate, cmp: m[2], n: n, years: strings.HasPrefix(m[4], "Jahr")}, nil
	}
	if m := stateAtom.FindStringSubmatch(s); m != nil {
		empty := (m[3] == "leer") != (m[2] != "")
		if empty {
			return ruleAtom{ref: m[1], kind: atomEmpty}, nil
		}
		return ruleAtom{ref: m[1], kind: atomFilled}, nil
	}
	if m := valueAtom.FindStringSubmatch(s); m != nil {
		return valueCompare(m[1], m[2] != "", lit(m[3]))
	}
	if m := givenAtom.FindStringSubmatch(s); m != nil {
		code := leadingCode.FindStringSubmatch(lit(m[2]) + " ")
		if code == nil {
			return ruleAtom{}, fmt.Errorf("value %q does not start with a code", lit(m[2]))
		}
		return valueCompare(m[1], false, code[1])
	}
	if m := cmpAtom.FindStringSubmatch(s); m != nil {
		ref := m[1]
		if ref == "" {
			ref = prev
		}
		if ref == "" {
			return ruleAtom{}, fmt.Errorf("%q compares no field", unmask(s, lits))
		}
		return valueCompare(ref, m[2] == "<>", lit(m[3]))
	}
	return ruleAtom{}, fmt.Errorf("condition %q not understood", unmask(s, lits))
}

// valueCompare builds an (in)equality atom; the empty value means
// (not) filled.
func valueCompare(ref string, not bool, value string) (ruleAtom, error) {
	value = strings.TrimSpace(value)
	switch {
	case value == "" && not:
		return ruleAtom{ref: ref, kind: atomFilled}, nil
	case value == "":
		return ruleAtom{ref: ref, kind: atomEmpty}, nil
	case value == "wahr" || value == "falsch" || codeOnly.MatchString(value):
	case leadingCode.MatchString(value):
		value = leadingCode.FindStringSubmatch(value)[1]
	default:
		return ruleAtom{}, fmt.Errorf("value %q is neither a code nor wahr", value)
	}
	if not {
		return ruleAtom{ref: ref, kind: atomNe, value: value}, nil
	}
	return ruleAtom{ref: ref, kind: atomEq, value: value}, nil
}
