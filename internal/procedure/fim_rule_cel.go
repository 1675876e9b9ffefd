package procedure

import (
	"fmt"
	"strings"
)

// opKind is how a translated rule acts on a field.
type opKind int

const (
	opRequire opKind = iota // required_when
	opHide                  // visible_if &&= !(cond)
	opCheck                 // checks
)

// ruleOp is one change a translated rule makes to a field.
type ruleOp struct {
	kind   opKind
	target *fimLoc
	expr   string
	msg    Text
	uses   []*fimLoc // the other fields the expression reads
	before string    // visible_if before an opHide, for undo
}

func (op *ruleOp) apply() {
	f := op.target.field
	switch op.kind {
	case opRequire:
		f.RequiredWhen = append(f.RequiredWhen, Rule{Expr: op.expr, Message: op.msg})
	case opCheck:
		f.Checks = append(f.Checks, Rule{Expr: op.expr, Message: op.msg})
	case opHide:
		op.before = f.VisibleIf
		if f.VisibleIf == "" {
			f.VisibleIf = op.expr
		} else {
			f.VisibleIf = "(" + f.VisibleIf + ") && " + op.expr
		}
	}
}

func (op *ruleOp) undo() {
	f := op.target.field
	switch op.kind {
	case opRequire:
		f.RequiredWhen = f.RequiredWhen[:len(f.RequiredWhen)-1]
	case opCheck:
		f.Checks = f.Checks[:len(f.Checks)-1]
	case opHide:
		f.VisibleIf = op.before
	}
}

// String describes the op for the report.
func (op *ruleOp) String() string {
	name := [...]string{"required_when", "visible_if", "check"}[op.kind]
	return fmt.Sprintf("%s on %s: %s", name, op.target.path, op.expr)
}

// translate turns understood sentences into ops on the fields of scope.
func (idx *fimIndex) translate(stmts []ruleStmt, scope string, msg Text) ([]ruleOp, error) {
	var ops []ruleOp
	for _, st := range stmts {
		targets := make([]*fimLoc, 0, len(st.elems))
		for _, ref := range st.elems {
			l, err := idx.resolve(ref, scope)
			if err != nil {
				return nil, err
			}
			targets = append(targets, l)
		}
		more, err := idx.stmtOps(st, targets, scope, msg)
		if err != nil {
			return nil, err
		}
		ops = append(ops, more...)
	}
	return ops, nil
}

// stmtOps translates one sentence.
func (idx *fimIndex) stmtOps(st ruleStmt, targets []*fimLoc, scope string, msg Text) ([]ruleOp, error) {
	var ops []ruleOp
	switch st.kind {
	case stmtAllow:
		return nil, nil
	case stmtRequire, stmtHide:
		for _, t := range targets {
			// Hidden when C: visible when not C, written out so the
			// browser can evaluate simple cases (ClientVisibility).
			expr, uses, err := idx.condExpr(st.cond, t, scope, st.kind == stmtHide)
			if err != nil {
				return nil, err
			}
			op := ruleOp{kind: opRequire, target: t, expr: expr, msg: msg, uses: uses}
			if st.kind == stmtHide {
				op.kind = opHide
			}
			ops = append(ops, op)
		}
	case stmtAtLeastOne, stmtExactlyOne:
		if len(targets) < 2 {
			return nil, fmt.Errorf("a choice among fewer than two fields")
		}
		first, others := targets[0], targets[1:]
		none, err := joinFilled(others, first, " || ")
		if err != nil {
			return nil, err
		}
		ops = append(ops, ruleOp{kind: opRequire, target: first, expr: "!(" + none + ")", msg: msg, uses: others})
		if st.kind == stmtExactlyOne {
			for i, t := range targets[:len(targets)-1] {
				self, err := filledExpr(t, t)
				if err != nil {
					return nil, err
				}
				later, err := joinFilled(targets[i+1:], t, " || ")
				if err != nil {
					return nil, err
				}
				ops = append(ops, ruleOp{kind: opCheck, target: t, expr: "!(" + self + " && (" + later + "))", msg: msg, uses: targets[i+1:]})
			}
		}
	}
	return ops, nil
}

// condExpr translates a condition for a rule acting on target, or its
// negation (De Morgan over the atoms' own negations).
func (idx *fimIndex) condExpr(c ruleCond, target *fimLoc, scope string, negate bool) (string, []*fimLoc, error) {
	parts := make([]string, 0, len(c.atoms))
	var uses []*fimLoc
	var eqLoc *fimLoc // the one field all parts compare with ==, if any
	allEq := true
	var eqValues []string
	for i, a := range c.atoms {
		l, err := idx.resolve(a.ref, scope)
		if err != nil {
			return "", nil, err
		}
		pos, neg, err := atomExpr(a, l, target, idx.options(l))
		if err != nil {
			return "", nil, err
		}
		e := pos
		if negate {
			e = neg
		}
		value, isEq := equality(a, l, negate)
		if isEq && (i == 0 || l == eqLoc) {
			eqLoc, eqValues = l, append(eqValues, value)
		} else {
			allEq = false
		}
		parts, uses = append(parts, e), append(uses, l)
	}
	or := c.or != negate
	if or && len(parts) > 1 && allEq {
		r, _ := refFor(eqLoc, target)
		quoted := make([]string, len(eqValues))
		for i, v := range eqValues {
			quoted[i] = celString(v)
		}
		return r + " in [" + strings.Join(quoted, ", ") + "]", uses, nil
	}
	sep := " && "
	if or {
		sep = " || "
	}
	if len(parts) == 1 {
		return parts[0], uses, nil
	}
	return "(" + strings.Join(parts, sep) + ")", uses, nil
}

// equality reports whether an atom (negated or not) is "single choice
// field == value", and the value, for "x in [a, b]".
func equality(a ruleAtom, l *fimLoc, negate bool) (value string, ok bool) {
	if l.field.Type != SingleChoice || (a.kind != atomEq && a.kind != atomNe) {
		return "", false
	}
	return a.value, (a.kind == atomEq) != negate
}

// atomExpr translates one comparison of element l into the expression and
// its negation; opts are l's options.
func atomExpr(a ruleAtom, l, target *fimLoc, opts []Option) (pos, neg string, err error) {
	switch a.kind {
	case atomFilled, atomEmpty:
		filled, empty, err := fillExprs(l, target)
		if a.kind == atomEmpty {
			filled, empty = empty, filled
		}
		return filled, empty, err
	case atomDate:
		e, err := dateExpr(a, l, target)
		return e, "!(" + e + ")", err
	}
	ref, err := refFor(l, target)
	if err != nil {
		return "", "", err
	}
	f := l.field
	v := celString(a.value)
	switch {
	case a.value == "wahr" && f.Type == YesNo:
		// Unanswered is false, which is "<> wahr" in FIM too.
		pos, neg = ref, "!"+ref
	case a.value == "wahr" || a.value == "falsch":
		return "", "", fmt.Errorf("%s is a %s field, compared with %q: unanswered and \"falsch\" cannot be told apart", l.fimID, f.Type, a.value)
	case f.Type == SingleChoice && hasOption(opts, a.value):
		pos, neg = ref+" == "+v, ref+" != "+v
	case f.Type == MultipleChoice && hasOption(opts, a.value):
		pos, neg = v+" in "+ref, "!("+v+" in "+ref+")"
	default:
		return "", "", fmt.Errorf("%s (%s field) has no option %q", l.fimID, f.Type, a.value)
	}
	if a.kind == atomNe {
		pos, neg = neg, pos
	}
	return pos, neg, nil
}

// options returns the options of a choice field, from its code list when
// it has one.
func (idx *fimIndex) options(l *fimLoc) []Option {
	if l.field.CodeList != "" {
		return idx.def.CodeLists[l.field.CodeList].Options
	}
	return l.field.Options
}

// dateExpr translates "(aktuelles Datum - X) cmp n Tage/Jahre". An
// unanswered date makes the helper fail, so the condition is not decided,
// as in the rule.
func dateExpr(a ruleAtom, l, target *fimLoc) (string, error) {
	ref, err := refFor(l, target)
	if err != nil {
		return "", err
	}
	if l.field.Type != Date {
		return "", fmt.Errorf("%s is a %s field, not a date", l.fimID, l.field.Type)
	}
	if !a.years {
		return fmt.Sprintf("days_between(%s, today()) %s %d", ref, celCmp(a.cmp), a.n), nil
	}
	// today - X > n years  ⇔  X + n years < today
	flip := map[string]string{"<": ">", ">": "<", "<=": ">=", ">=": "<=", "=": "=="}
	return fmt.Sprintf("add_years(%s, %d) %s today()", ref, a.n, flip[a.cmp]), nil
}

func celCmp(c string) string {
	if c == "=" {
		return "=="
	}
	return c
}

// joinFilled is "filled(a) || filled(b) …" for fields read from target.
func joinFilled(ls []*fimLoc, target *fimLoc, sep string) (string, error) {
	parts := make([]string, 0, len(ls))
	for _, l := range ls {
		e, err := filledExpr(l, target)
		if err != nil {
			return "", err
		}
		parts = append(parts, e)
	}
	return strings.Join(parts, sep), nil
}

// filledExpr is true when l holds a value.
func filledExpr(l, target *fimLoc) (string, error) {
	e, _, err := fillExprs(l, target)
	return e, err
}

// fillExprs are "l holds a value" and "l holds none". Yes/no and number
// fields are false or 0 when unanswered, so "filled" cannot be told for
// them; a group is filled when any of its fields is.
func fillExprs(l, target *fimLoc) (filled, empty string, err error) {
	f := l.field
	if f.Type == Group && f.Repeat == nil {
		var fs, es []string
		for _, k := range l.kids {
			if k.field.Type == Label || k.field.Compute != "" {
				continue
			}
			a, b, err := fillExprs(k, target)
			if err != nil {
				return "", "", fmt.Errorf("group %s: %w", l.fimID, err)
			}
			fs, es = append(fs, a), append(es, b)
		}
		if len(fs) == 0 {
			return "", "", fmt.Errorf("group %s holds no field with a value", l.fimID)
		}
		return "(" + strings.Join(fs, " || ") + ")", "(" + strings.Join(es, " && ") + ")", nil
	}
	ref, err := refFor(l, target)
	if err != nil {
		return "", "", err
	}
	switch f.Type {
	case ShortText, LongText, Date, SingleChoice, Email, Phone, IBAN, PostalCode, Place:
		return ref + ` != ""`, ref + ` == ""`, nil
	case MultipleChoice, FileUpload, Group:
		return "size(" + ref + ") > 0", "size(" + ref + ") == 0", nil
	}
	return "", "", fmt.Errorf("%s is a %s field: whether it is filled cannot be told from its value", firstNonEmpty(l.fimID, l.path), f.Type)
}

// refFor is the CEL name of l in an expression on target: outside
// repeatable groups the answers name, inside the same repeatable group
// as target the item name.
func refFor(l, target *fimLoc) (string, error) {
	switch {
	case l.rep == "":
		return l.abs, nil
	case l.rep == target.rep && l.rel != "":
		return l.rel, nil
	}
	return "", fmt.Errorf("%s lies in the repeatable group %s, which the rule's target %s is not part of", l.fimID, l.rep, target.path)
}
