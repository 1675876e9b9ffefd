package proceduretest

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// numberKeys are the errors with which today's code may refuse a valid
// number it cannot hold (beyond int64 or float64).
var numberKeys = map[string]bool{"procedure.not_integer": true, "procedure.not_number": true,
	"procedure.too_large": true, "procedure.too_small": true, "procedure.money": true}

// split separates the errors on values the generator made extreme on
// purpose (kept: the system must take them) from the rest (drawn again).
func (s *gen) split(res procedure.Result) (map[string]string, []fault.FieldError) {
	refused := map[string]string{}
	var rest []fault.FieldError
	for _, e := range res.Errors {
		if s.extreme[e.Field] && numberKeys[e.Key] {
			refused[e.Field] = e.Key
			continue
		}
		rest = append(rest, e)
	}
	return refused, rest
}

// repair draws again the value an error names; a computed field, a field
// that keeps failing or one the generator cannot find gets its whole page
// drawn again.
func (s *gen) repair(values map[string]any, path, key string, attempt int) {
	def := &s.p.Def
	f, holder, fpath, ok := locate(allFields(def), values, path)
	if !ok {
		s.fields(def.Pages, values)
		return
	}
	top := procedure.ParsePath(path)[0].ID
	if f.Compute != "" || attempt%4 == 3 || key == "procedure.rule" && attempt%2 == 1 {
		if pg, ok := pageOf(def, top); ok {
			s.fields([]procedure.Page{pg}, values)
			return
		}
	}
	for p := range s.extreme {
		if len(p) >= len(fpath) && p[:len(fpath)] == fpath {
			delete(s.extreme, p)
		}
	}
	s.put(holder, f, fpath, true)
}

// finish drops hidden fields, fills in computed ones and lists the
// expected leaves.
func (s *gen) finish(ctx context.Context, seed uint64, values map[string]any, res procedure.Result, refused map[string]string) (*Application, error) {
	def := &s.p.Def
	keep(allFields(def), values, res.Answers, "", refused)
	a := &Application{Procedure: def.ID, Seed: seed, Size: s.size, Astral: s.astral, Values: values, Refused: refused, def: def}
	a.Pages = s.p.VisiblePages(ctx, rawMap(values))
	for _, pg := range def.Pages {
		if !contains(a.Pages, pg.ID) {
			continue
		}
		a.Expected = append(a.Expected, leaves(def, pg, pg.Fields, values, "", "")...)
	}
	for i, l := range a.Expected {
		if ars, ok := l.Value.(string); ok && l.Field.Type == procedure.Place {
			for _, pl := range s.cfg.Places {
				if pl.ARS == ars {
					a.Expected[i].PlaceName = pl.Name
				}
			}
		}
	}
	return a, nil
}

// keep removes from values what procedure dropped (hidden fields) and
// puts in computed values.
func keep(fields []procedure.Field, values, valid map[string]any, prefix string, refused map[string]string) {
	for _, f := range fields {
		path := prefix + f.ID
		got, present := valid[f.ID]
		if f.Compute != "" {
			if present && got != nil {
				values[f.ID] = canonical(got)
			}
			continue
		}
		v, have := values[f.ID]
		if !have {
			continue
		}
		if !present {
			if _, ok := refused[path]; !ok {
				delete(values, f.ID)
			}
			continue
		}
		if f.Type != procedure.Group {
			continue
		}
		if f.Repeat == nil {
			sub, _ := v.(map[string]any)
			vsub, _ := got.(map[string]any)
			keep(f.Fields, sub, vsub, path+".", refused)
			continue
		}
		list, _ := v.([]any)
		vlist, _ := got.([]any)
		for i, e := range list {
			sub, _ := e.(map[string]any)
			var vsub map[string]any
			if i < len(vlist) {
				vsub, _ = vlist[i].(map[string]any)
			}
			keep(f.Fields, sub, vsub, fmt.Sprintf("%s[%d].", path, i), refused)
		}
	}
}

// Leaf is one answered field with its canonical value: a string for
// texts, numbers (exact decimal), money ("1234.50"), dates (ISO), choices
// (option value), e-mail, phone, IBAN, postal code and place (ARS); bool
// for yes/no and declarations; []string for multiple choices;
// map[string]any of strings for addresses; []File for uploads.
type Leaf struct {
	Page     string
	Path     string // "kinder[1].name"
	Label    string // German, as the rows show it: "Kinder 2 › Name"
	Field    procedure.Field
	Value    any
	Computed bool
	// Options are the field's options (choices), for their labels.
	Options []procedure.Option
	// PlaceName is a place's name in the region data.
	PlaceName string
}

func leaves(def *procedure.Definition, pg procedure.Page, fields []procedure.Field, values map[string]any, path, label string) []Leaf {
	var out []Leaf
	for _, f := range fields {
		v, ok := values[f.ID]
		if !ok || v == nil || f.Type == procedure.Label {
			continue
		}
		p, l := path+f.ID, label+f.Label.DE
		switch {
		case f.Type == procedure.Group && f.Repeat == nil:
			sub, _ := v.(map[string]any)
			out = append(out, leaves(def, pg, f.Fields, sub, p+".", l+" › ")...)
		case f.Type == procedure.Group:
			list, _ := v.([]any)
			for i, e := range list {
				sub, _ := e.(map[string]any)
				out = append(out, leaves(def, pg, f.Fields, sub, fmt.Sprintf("%s[%d].", p, i), fmt.Sprintf("%s %d › ", l, i+1))...)
			}
		default:
			opts := f.Options
			if f.CodeList != "" {
				opts = def.CodeLists[f.CodeList].Options
			}
			out = append(out, Leaf{Page: pg.ID, Path: p, Label: l, Field: f, Value: v, Computed: f.Compute != "", Options: opts})
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
