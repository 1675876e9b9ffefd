package procedure

import (
	"fmt"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/interpreter"
)

// scope is the entry of a repeatable group that item refers to; nil means
// no item.
type scope struct {
	nodes []*node
	item  map[string]any
}

// activation returns the CEL variables for sc. The answers part is cached
// until the next change of the answers (gen).
func (r *run) activation(sc *scope) interpreter.Activation {
	if r.vars == nil || r.varsGen != r.gen {
		vars := map[string]any{todayVar: r.today}
		for _, pn := range r.p.pages {
			bind("answers", pn.nodes, r.root, vars)
		}
		r.vars, _ = interpreter.NewActivation(vars)
		r.varsGen = r.gen
	}
	if sc == nil {
		return r.vars
	}
	item := map[string]any{}
	bind("item", sc.nodes, sc.item, item)
	child, _ := interpreter.NewActivation(item)
	return interpreter.NewHierarchicalActivation(r.vars, child)
}

// evalBool evaluates a condition; ok is false when it cannot be evaluated
// (e.g. a date helper got an unanswered date).
func (r *run) evalBool(prg cel.Program, sc *scope) (value, ok bool) {
	out, _, err := prg.ContextEval(r.ctx, r.activation(sc))
	if err != nil {
		return false, false
	}
	b, isBool := out.Value().(bool)
	return b, isBool
}

// settle applies page and field visibility and computed values in form
// order: a hidden field is dropped before later conditions see it.
func (r *run) settle() {
	for _, pn := range r.p.pages {
		if pn.visible != nil {
			if vis, ok := r.evalBool(pn.visible, nil); ok && !vis {
				for _, n := range pn.nodes {
					delete(r.root, n.f.ID)
				}
				r.hidden["page:"+pn.page.ID] = true
				r.gen++
				continue
			}
		}
		r.settleNodes(pn.nodes, r.root, "", nil)
	}
}

// settleNodes settles sibling fields holding their values in values.
// A visibility condition that cannot be evaluated leaves the field visible,
// so nothing is dropped by accident.
func (r *run) settleNodes(nodes []*node, values map[string]any, prefix string, sc *scope) {
	for _, n := range nodes {
		path := prefix + n.f.ID
		if n.visible != nil {
			if vis, ok := r.evalBool(n.visible, sc); ok && !vis {
				delete(values, n.f.ID)
				r.hidden[path] = true
				r.gen++
				continue
			}
		}
		if n.compute != nil {
			r.computeValue(n, values, path, sc)
		}
		if n.f.Type != Group {
			continue
		}
		if n.f.Repeat == nil {
			sub, _ := values[n.f.ID].(map[string]any)
			r.settleNodes(n.children, sub, path+".", sc)
			continue
		}
		list, _ := values[n.f.ID].([]any)
		for i, e := range list {
			m, _ := e.(map[string]any)
			r.settleNodes(n.children, m, fmt.Sprintf("%s[%d].", path, i), &scope{nodes: n.children, item: m})
		}
	}
}

// computeValue replaces a computed field's value by its expression's
// result; an expression that cannot be evaluated leaves it unanswered.
func (r *run) computeValue(n *node, values map[string]any, path string, sc *scope) {
	delete(values, n.f.ID)
	delete(r.bad, path)
	r.gen++
	out, _, err := n.compute.ContextEval(r.ctx, r.activation(sc))
	if err != nil {
		return
	}
	if v, bad := normalizeScalar(n, fromCEL(n, out)); bad == nil && v != nil {
		values[n.f.ID] = v
		r.gen++
	}
}
