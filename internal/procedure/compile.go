package procedure

import (
	"regexp"

	"github.com/google/cel-go/cel"
)

// node is a compiled field.
type node struct {
	f        *Field
	visible  cel.Program
	required cel.Program
	compute  cel.Program
	checks   []compiledRule
	// requiredWhen are the rules that make the field required.
	requiredWhen []compiledRule
	re           *regexp.Regexp
	options      []Option
	children     []*node
}

type compiledRule struct {
	rule Rule
	prg  cel.Program
}

// celType is the CEL type of a field's value (see the variable model in
// cel.go); nil for fields without a value and non-repeatable groups.
func celType(f *Field) *cel.Type {
	switch f.Type {
	case Integer:
		return cel.IntType
	case Decimal, Money:
		return cel.DoubleType
	case YesNo, Declaration:
		return cel.BoolType
	case MultipleChoice:
		return cel.ListType(cel.StringType)
	case Address:
		return cel.MapType(cel.StringType, cel.StringType)
	case FileUpload:
		return cel.ListType(cel.MapType(cel.StringType, cel.DynType))
	case Label:
		return nil
	case Group:
		if f.Repeat != nil {
			return cel.ListType(cel.MapType(cel.StringType, cel.DynType))
		}
		return nil
	}
	return cel.StringType
}

// declare returns the CEL variables for fields under prefix.
func declare(prefix string, fields []Field) []cel.EnvOption {
	var out []cel.EnvOption
	for i := range fields {
		f := &fields[i]
		name := prefix + "." + f.ID
		if f.Type == Group && f.Repeat == nil {
			out = append(out, declare(name, f.Fields)...)
			continue
		}
		if t := celType(f); t != nil {
			out = append(out, cel.Variable(name, t))
		}
	}
	return out
}

// compile builds the node tree of p and compiles every expression.
func (c *checker) compile(p *Procedure) {
	base, err := baseEnv()
	if err != nil {
		c.addf("", "", "rule environment: %v", err)
		return
	}
	var all []Field
	for _, pg := range c.def.Pages {
		all = append(all, pg.Fields...)
	}
	answers, err := base.Extend(declare("answers", all)...)
	if err != nil {
		c.addf("", "", "rule environment: %v", err)
		return
	}
	for i := range p.Def.Pages {
		pg := &p.Def.Pages[i]
		pn := &pageNode{page: pg}
		if pg.VisibleIf != "" {
			pn.visible = c.expr(answers, pg.ID, "", "visible_if", pg.VisibleIf, cel.BoolType)
		}
		pn.nodes = c.compileFields(answers, answers, pg.ID, "", pg.Fields)
		p.pages = append(p.pages, pn)
	}
}

// compileFields compiles sibling fields in env; answers is the environment
// without item variables, from which nested repeatable groups start.
func (c *checker) compileFields(answers, env *cel.Env, page, prefix string, fields []Field) []*node {
	nodes := make([]*node, 0, len(fields))
	for i := range fields {
		f := &fields[i]
		path := prefix + f.ID
		n := &node{f: f}
		if f.VisibleIf != "" {
			n.visible = c.expr(env, page, path, "visible_if", f.VisibleIf, cel.BoolType)
		}
		if f.RequiredIf != "" {
			n.required = c.expr(env, page, path, "required_if", f.RequiredIf, cel.BoolType)
		}
		if f.Compute != "" {
			n.compute = c.expr(env, page, path, "compute", f.Compute, celType(f))
		}
		for _, r := range f.Checks {
			if prg := c.expr(env, page, path, "check", r.Expr, cel.BoolType); prg != nil {
				n.checks = append(n.checks, compiledRule{rule: r, prg: prg})
			}
		}
		for _, r := range f.RequiredWhen {
			if prg := c.expr(env, page, path, "required_when", r.Expr, cel.BoolType); prg != nil {
				n.requiredWhen = append(n.requiredWhen, compiledRule{rule: r, prg: prg})
			}
		}
		if f.Pattern != "" {
			n.re = regexp.MustCompile(anchored(f.Pattern)) // checked before
		}
		n.options = f.Options
		if f.CodeList != "" {
			n.options = c.def.CodeLists[f.CodeList].Options
		}
		if f.Type == Group {
			inner := env
			if f.Repeat != nil {
				var err error
				if inner, err = answers.Extend(declare("item", f.Fields)...); err != nil {
					c.addf(page, path, "rule environment: %v", err)
					continue
				}
			}
			n.children = c.compileFields(answers, inner, page, path+".", f.Fields)
		}
		nodes = append(nodes, n)
	}
	return nodes
}

// expr compiles one expression, recording a problem naming its place.
func (c *checker) expr(env *cel.Env, page, path, attr, src string, want *cel.Type) cel.Program {
	prg, err := compileExpr(env, src, want)
	if err != nil {
		c.addf(page, path, "%s %q: %v", attr, src, err)
		return nil
	}
	return prg
}
