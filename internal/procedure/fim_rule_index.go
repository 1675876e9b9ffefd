package procedure

import (
	"fmt"
	"strings"
)

// fimLoc is an imported field or group with the FIM element it came from.
type fimLoc struct {
	fimID string
	ids   []string // FIM ids of the enclosing groups and the element, outermost first
	path  string   // field path, e.g. "kontakt.telefon"
	field *Field
	page  int
	rep   string // path of the innermost repeatable group around it ("" none)
	abs   string // CEL name outside repeatable groups: answers.kontakt.telefon
	rel   string // CEL name inside rep: item.telefon
	kids  []*fimLoc
}

// fimIndex finds imported fields by FIM id.
type fimIndex struct {
	def *Definition
	all []*fimLoc
}

// indexFIM walks the definition's fields.
func indexFIM(def *Definition) *fimIndex {
	idx := &fimIndex{def: def}
	for p := range def.Pages {
		for i := range def.Pages[p].Fields {
			idx.walk(&def.Pages[p].Fields[i], p, nil, "", "", "answers", "")
		}
	}
	return idx
}

func (idx *fimIndex) walk(f *Field, page int, ids []string, prefix, rep, absBase, relBase string) *fimLoc {
	fid, _ := strings.CutPrefix(f.Source, "FIM ")
	l := &fimLoc{fimID: fid, path: prefix + f.ID, field: f, page: page, rep: rep}
	l.ids = append(append([]string{}, ids...), fid)
	l.abs = absBase + "." + f.ID
	if relBase != "" {
		l.rel = relBase + "." + f.ID
	}
	idx.all = append(idx.all, l)
	if f.Type != Group {
		return l
	}
	childAbs, childRel, childRep := l.abs, l.rel, rep
	if f.Repeat != nil {
		childAbs, childRel, childRep = "", "item", l.path
	}
	for i := range f.Fields {
		l.kids = append(l.kids, idx.walk(&f.Fields[i], page, l.ids, l.path+".", childRep, childAbs, childRel))
	}
	return l
}

// takeMarkers removes the rule markers from the fields' notes and returns
// the rules with their scope: the field's path, or for a rule of a group
// that became a page, "page:<index>".
func (idx *fimIndex) takeMarkers(def *Definition) []ruleOwner {
	var out []ruleOwner
	for _, l := range idx.all {
		kept := l.field.Notes[:0]
		for _, n := range l.field.Notes {
			i, ok := markerIndex(n)
			switch {
			case !ok:
				kept = append(kept, n)
			case n.EN == "page":
				out = append(out, ruleOwner{rule: i, scope: fmt.Sprintf("page:%d", l.page)})
			default:
				out = append(out, ruleOwner{rule: i, scope: l.path})
			}
		}
		if len(kept) == 0 {
			kept = nil
		}
		l.field.Notes = kept
	}
	return out
}

// inScope reports whether l lies in scope ("" everything, "page:N" a page,
// else a field path and what it holds).
func (l *fimLoc) inScope(scope string) bool {
	switch {
	case scope == "":
		return true
	case strings.HasPrefix(scope, "page:"):
		return scope == fmt.Sprintf("page:%d", l.page)
	}
	return l.path == scope || strings.HasPrefix(l.path, scope+".")
}

// resolve finds the element a rule names by FIM id, or by a dotted chain
// of ids ("G00001377.F00002373") whose last ids must end the element's
// chain: first within the rule's scope, then in the whole schema. It is
// an error unless exactly one element matches.
func (idx *fimIndex) resolve(ref, scope string) (*fimLoc, error) {
	chain := strings.Split(ref, ".")
	var found []*fimLoc
	for _, s := range []string{scope, ""} {
		found = found[:0]
		for _, l := range idx.all {
			if l.inScope(s) && endsWith(l.ids, chain) {
				found = append(found, l)
			}
		}
		if len(found) > 0 {
			break
		}
	}
	if len(found) > 1 {
		found = directChildren(found, scope)
	}
	switch len(found) {
	case 0:
		return nil, fmt.Errorf("%s is not among the imported fields", ref)
	case 1:
		return found[0], nil
	}
	return nil, fmt.Errorf("%s occurs %d times in the rule's scope; which one is meant is not clear", ref, len(found))
}

// directChildren keeps the elements that the element carrying the rule
// holds directly: an unqualified id names the rule's own element before
// one nested in a further group. It returns all of found when none is
// direct, so the ambiguity is reported.
func directChildren(found []*fimLoc, scope string) []*fimLoc {
	var direct []*fimLoc
	for _, l := range found {
		parent := ""
		if i := strings.LastIndexByte(l.path, '.'); i >= 0 {
			parent = l.path[:i]
		}
		if parent == scope || (parent == "" && strings.HasPrefix(scope, "page:")) {
			direct = append(direct, l)
		}
	}
	if len(direct) == 0 {
		return found
	}
	return direct
}

// endsWith reports whether ids ends with chain, element for element.
func endsWith(ids, chain []string) bool {
	if len(chain) > len(ids) {
		return false
	}
	off := len(ids) - len(chain)
	for i, c := range chain {
		if ids[off+i] != c {
			return false
		}
	}
	return true
}

// mentioned lists the paths of the fields a rule concerns: those its
// checks touch, else those its text names that resolve, else the element
// carrying it.
func (idx *fimIndex) mentioned(r *fimRule, scope string, ops []ruleOp) []string {
	seen := map[string]bool{}
	var out []string
	add := func(p string) {
		if p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, op := range ops {
		add(op.target.path)
		for _, l := range op.uses {
			add(l.path)
		}
	}
	if len(out) == 0 {
		refs := append(fimRefPattern.FindAllString(r.text, -1), r.targets...)
		for _, ref := range refs {
			if l, err := idx.resolve(ref, scope); err == nil {
				add(l.path)
			}
		}
	}
	if len(out) == 0 && scope != "" && !strings.HasPrefix(scope, "page:") {
		add(scope)
	}
	return out
}
