package procedure

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// check reports the errors of the visible fields among nodes.
func (r *run) check(nodes []*node, values map[string]any, prefix string, sc *scope) {
	for _, n := range nodes {
		path := prefix + n.f.ID
		if n.f.Type == Label || r.hidden[path] {
			continue
		}
		if b := r.bad[path]; b != nil {
			r.add(path, b.key, b.args)
			continue
		}
		switch {
		case n.f.Type == Group && n.f.Repeat == nil:
			sub, _ := values[n.f.ID].(map[string]any)
			if rule := r.requiredBy(n, sc); rule != nil && !filled(sub) {
				r.ruleError(path, *rule)
			}
			r.check(n.children, sub, path+".", sc)
			r.runChecks(n, path, sc)
		case n.f.Type == Group:
			if r.checkList(n, values, path, sc) {
				r.runChecks(n, path, sc)
			}
		default:
			r.checkField(n, values, path, sc)
		}
	}
}

// checkList checks the number of entries of a repeatable group and each
// entry; it reports whether the count was right.
func (r *run) checkList(n *node, values map[string]any, path string, sc *scope) bool {
	list, _ := values[n.f.ID].([]any)
	lo := n.f.Repeat.Min
	var rule *Rule
	if lo < 1 && r.isRequired(n, sc) {
		lo = 1
	} else if lo < 1 && len(list) == 0 {
		rule = r.requiredBy(n, sc)
	}
	ok := true
	switch {
	case rule != nil:
		r.ruleError(path, *rule)
		ok = false
	case len(list) < lo:
		r.add(path, "procedure.too_few_items", map[string]any{"min": lo})
		ok = false
	}
	for i, e := range list {
		entry := fmt.Sprintf("%s[%d]", path, i)
		if b := r.bad[entry]; b != nil {
			r.add(entry, b.key, b.args)
			continue
		}
		m, _ := e.(map[string]any)
		r.check(n.children, m, entry+".", &scope{nodes: n.children, item: m})
	}
	return ok
}

// checkField checks one value field: required, its constraints, then its
// cross-field checks.
func (r *run) checkField(n *node, values map[string]any, path string, sc *scope) {
	v, present := values[n.f.ID]
	if n.f.Type == Declaration {
		if v != true {
			r.add(path, "procedure.declaration", nil)
		}
		return
	}
	if !present {
		if r.isRequired(n, sc) {
			r.add(path, "procedure.required", nil)
		} else if rule := r.requiredBy(n, sc); rule != nil {
			r.ruleError(path, *rule)
		}
		return
	}
	before := len(r.errs)
	r.constraints(n, path, v)
	if len(r.errs) == before {
		r.runChecks(n, path, sc)
	}
}

// isRequired evaluates required and required_if; a required_if that cannot
// be evaluated does not make the field required.
func (r *run) isRequired(n *node, sc *scope) bool {
	if n.f.Required {
		return true
	}
	if n.required == nil {
		return false
	}
	req, ok := r.evalBool(n.required, sc)
	return ok && req
}

// requiredBy returns the first required_when rule that holds, or nil; one
// that cannot be evaluated does not make the field required.
func (r *run) requiredBy(n *node, sc *scope) *Rule {
	for i := range n.requiredWhen {
		if req, ok := r.evalBool(n.requiredWhen[i].prg, sc); ok && req {
			return &n.requiredWhen[i].rule
		}
	}
	return nil
}

// filled reports whether a group's answers hold any value.
func filled(m map[string]any) bool {
	for _, v := range m {
		switch x := v.(type) {
		case map[string]any:
			if filled(x) {
				return true
			}
		case []any:
			if len(x) > 0 {
				return true
			}
		case nil:
		default:
			return true
		}
	}
	return false
}

// ruleError records the failure of a rule with its message.
func (r *run) ruleError(path string, rule Rule) {
	args := map[string]any{"message_de": rule.Message.DE, "message_en": rule.Message.In("en")}
	r.errs = append(r.errs, fault.FieldError{Field: path, Key: "procedure.rule", Args: args, Text: rule.Message.DE})
}

// runChecks evaluates the author's checks; one that cannot be evaluated
// (its inputs are missing) does not fire: required handles missing input.
func (r *run) runChecks(n *node, path string, sc *scope) {
	for _, c := range n.checks {
		if ok, evaluated := r.evalBool(c.prg, sc); evaluated && !ok {
			r.ruleError(path, c.rule)
		}
	}
}

// constraints checks the declarative attributes of a present value.
func (r *run) constraints(n *node, path string, v any) {
	f := n.f
	switch {
	case f.Type.hasLength():
		s := v.(string)
		if l := utf8.RuneCountInString(s); f.MinLength > 0 && l < f.MinLength {
			r.add(path, "procedure.too_short", map[string]any{"min": f.MinLength})
		} else if f.MaxLength > 0 && l > f.MaxLength {
			r.add(path, "procedure.too_long", map[string]any{"max": f.MaxLength})
		} else if n.re != nil && !n.re.MatchString(s) {
			r.add(path, "procedure.pattern", nil)
		}
	case f.Type.isNumber():
		r.checkRange(n, path, v)
	case f.Type == Date:
		r.checkDate(n, path, v.(string))
	case f.Type == Address:
		r.checkAddress(path, v.(map[string]any))
	case f.Type == FileUpload:
		r.checkFiles(n, path, v.([]any))
	case f.Type == Place && r.o.Places != nil:
		if _, err := r.o.Places.PlaceName(r.ctx, v.(string)); fault.Is(err, fault.NotFound) {
			r.add(path, "procedure.place_unknown", nil)
		} else if err != nil && r.err == nil {
			r.err = err
		}
	}
}

// checkRange compares a number with the field's bounds exactly.
func (r *run) checkRange(n *node, path string, v any) {
	x, ok := exact(v)
	if !ok {
		return
	}
	if lo, ok := bound(n.f.Min); ok && x.Cmp(lo) < 0 {
		r.add(path, "procedure.too_small", map[string]any{"min": n.f.Min.String()})
	} else if hi, ok := bound(n.f.Max); ok && x.Cmp(hi) > 0 {
		r.add(path, "procedure.too_large", map[string]any{"max": n.f.Max.String()})
	}
}

func (r *run) checkDate(n *node, path, d string) {
	if n.f.MinDate != "" {
		if lo := resolveDateBound(n.f.MinDate, r.today); d < lo {
			r.add(path, "procedure.date_too_early", map[string]any{"min": lo})
			return
		}
	}
	if n.f.MaxDate != "" {
		if hi := resolveDateBound(n.f.MaxDate, r.today); d > hi {
			r.add(path, "procedure.date_too_late", map[string]any{"max": hi})
		}
	}
}

// checkAddress requires every part of a German postal address.
func (r *run) checkAddress(path string, m map[string]any) {
	for _, k := range addressParts {
		s, _ := m[k].(string)
		switch {
		case s == "":
			r.add(path+"."+k, "procedure.required", nil)
		case k == "postal_code" && !fiveDigits.MatchString(s):
			r.add(path+"."+k, "procedure.postal_code", nil)
		case utf8.RuneCountInString(s) > 100:
			r.add(path+"."+k, "procedure.too_long", map[string]any{"max": 100})
		}
	}
}

// checkFiles checks upload metadata against the field's limits; the upload
// itself is handled elsewhere.
func (r *run) checkFiles(n *node, path string, files []any) {
	limit := max(n.f.MaxFiles, 1)
	if len(files) > limit {
		r.add(path, "procedure.file_count", map[string]any{"max": limit})
	}
	for i, e := range files {
		m := e.(map[string]any)
		at := fmt.Sprintf("%s[%d]", path, i)
		if !mediaTypeAllowed(m["media_type"].(string), n.f.MediaTypes) {
			r.add(at, "procedure.file_type", map[string]any{"allowed": strings.Join(n.f.MediaTypes, ", ")})
		} else if n.f.MaxSize > 0 && m["size"].(int64) > n.f.MaxSize {
			r.add(at, "procedure.file_size", map[string]any{"max": n.f.MaxSize})
		}
	}
}
