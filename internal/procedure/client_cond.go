package procedure

import (
	"github.com/google/cel-go/common"
	"github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/operators"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/parser"
)

// ClientCondition is the part of a visible_if (Anzeigebedingung) that a
// browser can evaluate exactly as the server does, so a form page can
// reveal and hide a dependent question while the applicant answers: a
// conjunction of terms "choice field X is (not) one of these values".
// The server stays the authority; the browser only anticipates it.
type ClientCondition struct {
	// Terms must all hold for the field to be visible.
	Terms []ConditionTerm
	// Partial: the expression has further conjuncts the browser cannot
	// evaluate (e.g. age(item.geburtsdatum) < 18). The browser may then
	// hide the field when a term fails, but must show it otherwise.
	Partial bool
}

// ConditionTerm is one conjunct of a ClientCondition: the term holds when
// the field's current value (the chosen option, the checked options, or
// "true"/"false" of a yes/no question) is one of Values, or with Negate
// when it is none of them. An unanswered or hidden field holds no value.
type ConditionTerm struct {
	Item   bool   // the field is in the current entry of a repeatable group (item.x), else top level (answers.x)
	Field  string // the field's id
	Values []string
	Negate bool
}

// ClientVisibility returns the browser-evaluable form of a visible_if
// expression whose referenced fields are the siblings (for answers.x: the
// page's top-level fields; for item.x: the enclosing repeatable group's
// fields, inScope). ok is false when no conjunct can be evaluated in the
// browser: the field is then shown, and decided by the server.
//
// Only choice fields qualify (yes_no, declaration, single_choice,
// multiple_choice): their submitted value is already their normalized
// value, so the browser's comparison cannot differ from the server's.
func ClientVisibility(expr string, page, group []Field) (ClientCondition, bool) {
	tree, errs := celParser.Parse(common.NewTextSource(expr))
	if errs != nil && len(errs.GetErrors()) > 0 {
		return ClientCondition{}, false
	}
	var c ClientCondition
	for _, e := range conjuncts(tree.Expr()) {
		t, ok := clientTerm(e, page, group)
		if !ok {
			c.Partial = true
			continue
		}
		c.Terms = append(c.Terms, t)
	}
	return c, len(c.Terms) > 0
}

// conjuncts splits a && b && c into its parts.
func conjuncts(e ast.Expr) []ast.Expr {
	if e.Kind() == ast.CallKind && e.AsCall().FunctionName() == operators.LogicalAnd {
		args := e.AsCall().Args()
		return append(conjuncts(args[0]), conjuncts(args[1])...)
	}
	return []ast.Expr{e}
}

// clientTerm recognises answers.x, !answers.x, answers.x == 'v',
// answers.x != 'v', answers.x in ['v', 'w'], 'v' in answers.x (a multiple
// choice) and the same with item.x.
func clientTerm(e ast.Expr, page, group []Field) (ConditionTerm, bool) {
	if e.Kind() == ast.SelectKind {
		return choiceRef(e, page, group, boolTypes, "true")
	}
	if e.Kind() != ast.CallKind {
		return ConditionTerm{}, false
	}
	call := e.AsCall()
	args := call.Args()
	switch call.FunctionName() {
	case operators.LogicalNot:
		t, ok := choiceRef(args[0], page, group, boolTypes, "true")
		t.Negate = true
		return t, ok
	case operators.Equals, operators.NotEquals:
		ref, lit := args[0], args[1]
		if ref.Kind() == ast.LiteralKind {
			ref, lit = lit, ref
		}
		t, ok := literalTerm(ref, lit, page, group)
		if call.FunctionName() == operators.NotEquals {
			t.Negate = !t.Negate
		}
		return t, ok
	case operators.In:
		return inTerm(args[0], args[1], page, group)
	}
	return ConditionTerm{}, false
}

var (
	boolTypes   = []FieldType{YesNo, Declaration}
	singleTypes = []FieldType{SingleChoice}
)

// literalTerm is ref == lit for a string literal on a single choice, or a
// bool literal on a yes/no question (x == false is "not true").
func literalTerm(ref, lit ast.Expr, page, group []Field) (ConditionTerm, bool) {
	if lit.Kind() != ast.LiteralKind {
		return ConditionTerm{}, false
	}
	switch v := lit.AsLiteral().(type) {
	case types.String:
		return choiceRef(ref, page, group, singleTypes, string(v))
	case types.Bool:
		t, ok := choiceRef(ref, page, group, boolTypes, "true")
		t.Negate = !bool(v)
		return t, ok
	}
	return ConditionTerm{}, false
}

// inTerm is answers.x in ['a', 'b'] on a single choice or 'a' in
// answers.x on a multiple choice.
func inTerm(elem, list ast.Expr, page, group []Field) (ConditionTerm, bool) {
	if elem.Kind() == ast.LiteralKind {
		s, ok := elem.AsLiteral().(types.String)
		if !ok {
			return ConditionTerm{}, false
		}
		return choiceRef(list, page, group, []FieldType{MultipleChoice}, string(s))
	}
	if list.Kind() != ast.ListKind {
		return ConditionTerm{}, false
	}
	var values []string
	for _, x := range list.AsList().Elements() {
		if x.Kind() != ast.LiteralKind {
			return ConditionTerm{}, false
		}
		s, ok := x.AsLiteral().(types.String)
		if !ok {
			return ConditionTerm{}, false
		}
		values = append(values, string(s))
	}
	return choiceRef(elem, page, group, singleTypes, values...)
}

// choiceRef resolves answers.x or item.x to a sibling field of one of the
// allowed types.
func choiceRef(e ast.Expr, page, group []Field, allowed []FieldType, values ...string) (ConditionTerm, bool) {
	if e.Kind() != ast.SelectKind || e.AsSelect().IsTestOnly() {
		return ConditionTerm{}, false
	}
	sel := e.AsSelect()
	op := sel.Operand()
	if op.Kind() != ast.IdentKind {
		return ConditionTerm{}, false
	}
	scope := page
	item := op.AsIdent() == "item"
	switch {
	case item && group != nil:
		scope = group
	case item, op.AsIdent() != "answers":
		return ConditionTerm{}, false
	}
	for _, f := range scope {
		if f.ID != sel.FieldName() || f.Compute != "" {
			continue
		}
		for _, t := range allowed {
			if f.Type == t {
				return ConditionTerm{Item: item, Field: f.ID, Values: values}, true
			}
		}
	}
	return ConditionTerm{}, false
}

// celParser parses visible_if expressions for ClientVisibility with all
// standard macros, as CEL's deprecated parser.Parse did. It keeps no state
// between calls, so one serves all goroutines.
var celParser = func() *parser.Parser {
	p, err := parser.NewParser(parser.Macros(parser.AllMacros...))
	if err != nil {
		panic("procedure: CEL parser: " + err.Error()) // fixed options: cannot fail
	}
	return p
}()
