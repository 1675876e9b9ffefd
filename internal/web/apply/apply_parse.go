package apply

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// formParser turns the submitted form of a page into answers in the shape
// package procedure reads (field id → value; groups → map, repeatable
// groups → list of maps). It only translates: checking the values is
// procedure's job, so wrong input is passed on as entered.
type formParser struct {
	form url.Values
	// resolve turns a place name (or the chosen ARS) into an ARS when it is
	// unambiguous; otherwise it returns the text as entered.
	resolve func(text, chosen string) string
	// nameOf is the name of the municipality with an ARS ("" if unknown).
	nameOf func(ars string) string
}

// fields reads fs at prefix.
func (p formParser) fields(fs []procedure.Field, prefix string) map[string]any {
	out := map[string]any{}
	for _, f := range fs {
		if f.Compute != "" {
			continue
		}
		if v := p.field(f, prefix+f.ID); v != nil {
			out[f.ID] = v
		}
	}
	return out
}

// field reads one field at path; nil means not answered.
func (p formParser) field(f procedure.Field, path string) any {
	switch f.Type {
	case procedure.Label, procedure.FileUpload:
		return nil
	case procedure.Group:
		return p.group(f, path)
	case procedure.Date:
		return p.date(path)
	case procedure.Address:
		return p.address(path)
	case procedure.MultipleChoice:
		var out []any
		for _, v := range p.form[path] {
			out = append(out, v)
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case procedure.Place:
		return p.place(path)
	}
	if s := p.form.Get(path); strings.TrimSpace(s) != "" {
		return s
	}
	return nil
}

// group reads a plain group as a map and a repeatable one as a list of
// as many entries as the form says it shows (hidden "<path>.count").
func (p formParser) group(f procedure.Field, path string) any {
	if f.Repeat == nil {
		return p.fields(f.Fields, path+".")
	}
	n, _ := strconv.Atoi(p.form.Get(path + ".count"))
	n = min(max(n, 0), f.Repeat.Max)
	list := make([]any, 0, n)
	for i := range n {
		list = append(list, p.fields(f.Fields, fmt.Sprintf("%s[%d].", path, i)))
	}
	return list
}

// date joins day, month and year as "D.M.YYYY", the German form the
// procedure parses; all empty is unanswered.
func (p formParser) date(path string) any {
	d := strings.TrimSpace(p.form.Get(path + ".day"))
	m := strings.TrimSpace(p.form.Get(path + ".month"))
	y := strings.TrimSpace(p.form.Get(path + ".year"))
	if d == "" && m == "" && y == "" {
		return nil
	}
	return d + "." + m + "." + y
}

func (p formParser) address(path string) any {
	out := map[string]any{}
	for _, k := range []string{"street", "number", "postal_code", "place"} {
		if s := strings.TrimSpace(p.form.Get(path + "." + k)); s != "" {
			out[k] = s
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// place reads a municipality: a chosen match wins, then the ARS carried
// along when the name is unchanged, then the name looked up.
func (p formParser) place(path string) any {
	text := strings.TrimSpace(p.form.Get(path))
	chosen := p.form.Get(path + ".wahl")
	if ars := p.form.Get(path + ".ars"); chosen == "" && text != "" && ars != "" && strings.EqualFold(p.nameOf(ars), text) {
		chosen = ars
	}
	if text == "" && chosen == "" {
		return nil
	}
	return p.resolve(text, chosen)
}

// editList changes the list of the repeatable group at path (e.g.
// "kinder" or "eltern[0].kinder") inside answers with fn and returns its
// new length; a path that leads nowhere changes nothing.
func editList(answers map[string]any, path string, fn func([]any) []any) int {
	segs := strings.Split(path, ".")
	cur := answers
	for _, seg := range segs[:len(segs)-1] {
		name, idx := splitEntry(seg)
		next, ok := cur[name].(map[string]any)
		if idx >= 0 {
			list, _ := cur[name].([]any)
			if idx >= len(list) {
				return 0
			}
			next, ok = list[idx].(map[string]any)
		}
		if !ok {
			return 0
		}
		cur = next
	}
	last := segs[len(segs)-1]
	list, _ := cur[last].([]any)
	list = fn(list)
	cur[last] = list
	return len(list)
}

// splitEntry splits "kinder[2]" into ("kinder", 2); no index is -1.
func splitEntry(seg string) (string, int) { return procedure.SplitIndex(seg) }
