package procedure

import (
	"context"
	"maps"
	"strings"
	"time"
)

// VisiblePages returns the ids of the pages that answers make visible, in
// form order: a page whose visible_if is false for the answers is left
// out (a condition that cannot be evaluated leaves the page visible, as in
// Validate). The portal's form pages use it to find the next and the
// previous page.
func (p *Procedure) VisiblePages(ctx context.Context, answers map[string]any) []string {
	r := p.settled(ctx, answers)
	var out []string
	for _, pn := range p.pages {
		if !r.hidden["page:"+pn.page.ID] {
			out = append(out, pn.page.ID)
		}
	}
	return out
}

// HiddenFields returns the paths of the fields ("wiedereinsetzung",
// "angehoerige[1].sorgeberechtigt") whose visible_if is false for the
// answers, exactly as Validate decides it: their answers are dropped and
// never validated. The form pages leave out a hidden question whose
// condition the browser cannot evaluate itself.
func (p *Procedure) HiddenFields(ctx context.Context, answers map[string]any) map[string]bool {
	r := p.settled(ctx, answers)
	out := map[string]bool{}
	for path := range r.hidden {
		if !strings.HasPrefix(path, "page:") {
			out[path] = true
		}
	}
	return out
}

// settled normalizes answers and settles visibility and computed values.
func (p *Procedure) settled(ctx context.Context, answers map[string]any) *run {
	now := time.Now()
	r := &run{ctx: ctx, p: p, o: Options{Now: now}, today: todayIn(now), bad: map[string]*badValue{}, hidden: map[string]bool{}}
	r.root = map[string]any{}
	for _, pn := range p.pages {
		maps.Copy(r.root, r.normalize(pn.nodes, answers, ""))
	}
	r.gen = 1
	r.settle()
	return r
}
