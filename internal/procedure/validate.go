package procedure

import (
	"context"
	"fmt"
	"time"

	"github.com/google/cel-go/interpreter"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// PlaceResolver looks up a place (Gemeinde) by its 12-digit Amtlicher
// Regionalschlüssel (ARS). The region tree lives in the catalog package; the
// app wires an implementation. It returns a fault.NotFound error for an
// unknown ARS.
type PlaceResolver interface {
	PlaceName(ctx context.Context, ars string) (string, error)
}

// Options steer one validation.
type Options struct {
	// Page limits the reported errors to one page (by id); "" checks the
	// whole procedure, as before submission.
	Page string
	// Places checks that place fields name a known region; nil checks the
	// ARS format only.
	Places PlaceResolver
	// Now is the moment "today" is taken from; zero means time.Now().
	Now time.Time
	// KeepEntered keeps a value that cannot be normalized (yet) in
	// Result.Answers as it was entered, for display, and lists its path in
	// Result.Entered; conditions never see it. Without it such a value is
	// left out of Result.Answers.
	KeepEntered bool
}

// Result is the outcome of a validation.
type Result struct {
	// Answers are the normalized answers of all pages: typed values,
	// computed fields filled in, hidden fields and unknown keys dropped.
	Answers map[string]any `json:"answers"`
	// Errors are in form order, with paths like "children[1].birth_date"
	// (indexes count from 0).
	Errors []fault.FieldError `json:"errors"`
	// Entered are the paths of visible fields whose value could not be
	// normalized and is kept as entered (Options.KeepEntered only).
	Entered map[string]bool `json:"-"`
}

// Valid reports whether no errors were found.
func (r Result) Valid() bool { return len(r.Errors) == 0 }

// Validate normalizes answers (field id → value; groups → map, repeatable
// groups → list of maps), drops hidden fields and checks the visible ones
// of the selected page, or of all pages. The error is only for an unknown
// page (fault.NotFound), a cancelled context, or a failing PlaceResolver;
// wrong answers are in Result.Errors.
func (p *Procedure) Validate(ctx context.Context, answers map[string]any, o Options) (Result, error) {
	if o.Page != "" {
		if _, err := p.Page(o.Page); err != nil {
			return Result{}, err
		}
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	r := &run{ctx: ctx, p: p, o: o, today: todayIn(o.Now), bad: map[string]*badValue{}, hidden: map[string]bool{}}
	r.root = map[string]any{}
	for _, pn := range p.pages {
		r.page = pn.page.ID
		r.normalizeInto(pn.nodes, answers, "", r.root)
	}
	r.gen = 1
	r.settle()
	for _, pn := range p.pages {
		if (o.Page == "" || o.Page == pn.page.ID) && !r.hidden["page:"+pn.page.ID] {
			r.check(pn.nodes, r.root, "", nil)
		}
	}
	if r.err != nil {
		return Result{}, r.err
	}
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	res := Result{Answers: r.root, Errors: r.errs}
	if o.KeepEntered {
		res.Entered = r.keepEntered()
	}
	return res, nil
}

// enteredValue is a raw value that could not be normalized, with the map
// it belongs in once it is known to be visible.
type enteredValue struct {
	in         map[string]any
	id, path   string
	page       string // the page of a top-level field, for its visibility
	raw        any
	topOfPages bool
}

// keepEntered puts the values that could not be normalized back where
// they were entered, unless their field or page is hidden (a field inside
// a hidden group sits in a map that is no longer part of the answers).
func (r *run) keepEntered() map[string]bool {
	out := map[string]bool{}
	for _, e := range r.entered {
		if r.hidden[e.path] || (e.topOfPages && r.hidden["page:"+e.page]) {
			continue
		}
		e.in[e.id] = e.raw
		out[e.path] = true
	}
	return out
}

// run is the state of one validation.
type run struct {
	ctx     context.Context
	p       *Procedure
	o       Options
	today   string
	root    map[string]any
	bad     map[string]*badValue // normalization problems by path
	hidden  map[string]bool      // hidden field paths and "page:<id>"
	page    string               // the page being normalized
	entered []enteredValue       // values not normalized, as entered
	errs    []fault.FieldError
	err     error

	gen     int // bumped on every change of the answers
	vars    interpreter.Activation
	varsGen int
}

// normalize converts the raw answers of nodes; problems are kept by path
// and reported only if the field turns out visible.
func (r *run) normalize(nodes []*node, raw map[string]any, prefix string) map[string]any {
	return r.normalizeInto(nodes, raw, prefix, map[string]any{})
}

// normalizeInto is normalize writing into out.
func (r *run) normalizeInto(nodes []*node, raw map[string]any, prefix string, out map[string]any) map[string]any {
	for _, n := range nodes {
		path, v := prefix+n.f.ID, raw[n.f.ID]
		switch {
		case n.f.Type == Label:
		case n.f.Type == Group && n.f.Repeat == nil:
			m, ok := v.(map[string]any)
			if v != nil && !ok {
				r.bad[path] = &badValue{key: "procedure.invalid_type"}
			}
			out[n.f.ID] = r.normalize(n.children, m, path+".")
		case n.f.Type == Group:
			out[n.f.ID] = r.normalizeList(n, v, path)
		default:
			val, bad := normalizeScalar(n, v)
			if bad != nil {
				r.bad[path] = bad
				if n.compute == nil {
					r.entered = append(r.entered, enteredValue{in: out, id: n.f.ID, path: path, page: r.page, raw: v, topOfPages: prefix == ""})
				}
			} else if val != nil {
				out[n.f.ID] = val
			}
		}
	}
	return out
}

// normalizeList converts the entries of a repeatable group.
func (r *run) normalizeList(n *node, v any, path string) []any {
	list, ok := v.([]any)
	if v != nil && !ok {
		r.bad[path] = &badValue{key: "procedure.invalid_type"}
	}
	if len(list) > n.f.Repeat.Max {
		r.bad[path] = &badValue{key: "procedure.too_many_items", args: map[string]any{"max": n.f.Repeat.Max}}
		list = list[:n.f.Repeat.Max]
	}
	items := make([]any, 0, len(list))
	for i, e := range list {
		m, ok := e.(map[string]any)
		entry := fmt.Sprintf("%s[%d]", path, i)
		if !ok {
			r.bad[entry] = &badValue{key: "procedure.invalid_type"}
		}
		items = append(items, r.normalize(n.children, m, entry+"."))
	}
	return items
}

// add records a field error.
func (r *run) add(path, key string, args map[string]any) {
	r.errs = append(r.errs, fieldError(path, key, args))
}
