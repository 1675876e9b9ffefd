package procedure

import (
	"fmt"
	"time"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common"
	"github.com/google/cel-go/common/ast"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
	"github.com/google/cel-go/parser"
)

// Limits on rules, so an author's expression can never hold up the server.
const (
	maxExprSize  = 4000    // characters per expression
	maxExprDepth = 32      // parser recursion
	costLimit    = 200_000 // CEL cost units per evaluation
	todayVar     = "amtsweg_today"
)

// The CEL variable model (documented in docs/procedures.md):
//
//	answers.<field>            a top-level field's value
//	answers.<group>.<field>    a field of a non-repeatable group
//	answers.<group>            a repeatable group: list of maps
//	item.<field>               inside a repeatable group: the current entry
//
// Dates are ISO strings ("2006-01-02"), which compare correctly with < and
// >; money and decimals are doubles; unanswered fields hold the zero value
// of their type ("" / 0 / false / []).

// baseEnv returns the CEL environment with the helper functions and no
// answer variables.
func baseEnv() (*cel.Env, error) {
	return cel.NewEnv(
		cel.ParserExpressionSizeLimit(maxExprSize),
		cel.ParserRecursionLimit(maxExprDepth),
		cel.Variable(todayVar, cel.StringType),
		cel.Macros(
			cel.GlobalMacro("today", 0, func(eh parser.ExprHelper, _ ast.Expr, _ []ast.Expr) (ast.Expr, *common.Error) {
				return eh.NewIdent(todayVar), nil
			}),
			cel.GlobalMacro("age", 1, func(eh parser.ExprHelper, _ ast.Expr, args []ast.Expr) (ast.Expr, *common.Error) {
				return eh.NewCall("age_on", args[0], eh.NewIdent(todayVar)), nil
			}),
		),
		dateFunc("age_on", cel.IntType, func(a, b time.Time) ref.Val { return types.Int(yearsBetween(a, b)) }),
		dateFunc("days_between", cel.IntType, func(a, b time.Time) ref.Val { return types.Int(int64(b.Sub(a).Hours() / 24)) }),
		dateFunc("months_between", cel.IntType, func(a, b time.Time) ref.Val { return types.Int(monthsBetween(a, b)) }),
		shiftFunc("add_days", func(t time.Time, n int) time.Time { return t.AddDate(0, 0, n) }),
		shiftFunc("add_months", func(t time.Time, n int) time.Time { return addMonths(t, n) }),
		shiftFunc("add_years", func(t time.Time, n int) time.Time { return addMonths(t, 12*n) }),
		cel.Function("is_date", cel.Overload("is_date_string", []*cel.Type{cel.StringType}, cel.BoolType,
			cel.UnaryBinding(func(v ref.Val) ref.Val {
				_, err := parseISODate(string(v.(types.String)))
				return types.Bool(err == nil)
			}))),
		cel.Function("valid_iban", cel.Overload("valid_iban_string", []*cel.Type{cel.StringType}, cel.BoolType,
			cel.UnaryBinding(func(v ref.Val) ref.Val { return types.Bool(validIBAN(string(v.(types.String)))) }))),
	)
}

// dateFunc declares name(string, string) -> result over two ISO dates.
func dateFunc(name string, result *cel.Type, fn func(a, b time.Time) ref.Val) cel.EnvOption {
	return cel.Function(name, cel.Overload(name+"_string_string", []*cel.Type{cel.StringType, cel.StringType}, result,
		cel.BinaryBinding(func(x, y ref.Val) ref.Val {
			a, err := parseISODate(string(x.(types.String)))
			if err != nil {
				return types.NewErr("%s: first argument: %v", name, err)
			}
			b, err := parseISODate(string(y.(types.String)))
			if err != nil {
				return types.NewErr("%s: second argument: %v", name, err)
			}
			return fn(a, b)
		})))
}

// shiftFunc declares name(string, int) -> string moving an ISO date.
func shiftFunc(name string, fn func(time.Time, int) time.Time) cel.EnvOption {
	return cel.Function(name, cel.Overload(name+"_string_int", []*cel.Type{cel.StringType, cel.IntType}, cel.StringType,
		cel.BinaryBinding(func(x, y ref.Val) ref.Val {
			d, err := parseISODate(string(x.(types.String)))
			if err != nil {
				return types.NewErr("%s: %v", name, err)
			}
			n := int64(y.(types.Int))
			if n > 100000 || n < -100000 {
				return types.NewErr("%s: %d out of range", name, n)
			}
			return types.String(fn(d, int(n)).Format(isoDate))
		})))
}

// yearsBetween returns the completed years from a to b (the age on b of
// someone born on a).
func yearsBetween(a, b time.Time) int64 {
	y := b.Year() - a.Year()
	if b.Month() < a.Month() || (b.Month() == a.Month() && b.Day() < a.Day()) {
		y--
	}
	return int64(y)
}

// monthsBetween returns the completed months from a to b.
func monthsBetween(a, b time.Time) int64 {
	m := (b.Year()-a.Year())*12 + int(b.Month()) - int(a.Month())
	if b.Day() < a.Day() {
		m--
	}
	return int64(m)
}

// compileExpr parses and type-checks expr in env and requires its result to
// be want (or dyn, checked when evaluated).
func compileExpr(env *cel.Env, expr string, want *cel.Type) (cel.Program, error) {
	tree, iss := env.Compile(expr)
	if iss != nil && iss.Err() != nil {
		return nil, iss.Err()
	}
	out := tree.OutputType()
	if !out.IsExactType(want) && !out.IsExactType(cel.DynType) {
		return nil, fmt.Errorf("expression gives %s, want %s", out, want)
	}
	return env.Program(tree, cel.CostLimit(costLimit), cel.InterruptCheckFrequency(100))
}
