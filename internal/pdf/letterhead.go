package pdf

import (
	"fmt"
	"strings"
)

var (
	grey    = color{160, 160, 160}
	rule    = color{0, 75, 118}
	midGrey = color{80, 80, 80}
)

// footers writes the authority and "Seite x von y" at the foot of every
// page, now that the number of pages is known.
func (r *renderer) footers(authority string) {
	all := r.pages
	for i := range all {
		r.pages = all[:i+1]
		y := pageH - 15
		r.line(marginL, y-2, pageW-marginR, y-2, 0.2, grey)
		r.font("", 8)
		r.text(marginL, y, contentW/2, 4, r.oneLine(authority, contentW/2), 'L', midGrey)
		page := fmt.Sprintf(r.lbl.page, i+1, len(all))
		r.text(marginL+contentW/2, y, contentW/2, 4, shape(r.face(), page), 'R', midGrey)
	}
	r.pages = all
}

// oneLine is text's first line in a cell of width w; a longer text ends
// in "…". Only for text repeated in full elsewhere (footer, return line).
func (r *renderer) oneLine(text string, w float64) []unit {
	ls := r.lines(strings.ReplaceAll(text, "\n", " "), w)
	if len(ls) == 1 {
		return ls[0]
	}
	dots := shape(r.face(), "…")
	ls = r.lines(strings.ReplaceAll(text, "\n", " "), w-advance(r.face(), dots, r.size)/ptPerMM)
	return append(ls[0], dots...)
}

// letterhead draws the head of the first page: the authority at the top,
// the address field (Anschriftfeld) with the return line at the left, the
// contact block at the right, and fold marks at the page edge.
func (r *renderer) letterhead(h Letterhead) {
	r.y = marginT
	r.font("B", 15)
	r.multi(marginL, contentW, 7, h.Authority, black)
	if h.Unit != "" {
		r.font("", 11)
		r.multi(marginL, contentW, 5.5, h.Unit, black)
	}
	r.font("", 9)
	r.multi(marginL, contentW, 4.5, strings.Join(h.Address, " · "), midGrey)
	r.line(marginL, r.y+2, pageW-marginR, r.y+2, 0.5, rule)
	bottom := r.y + 10
	if len(h.Recipient) > 0 {
		bottom = max(bottom, r.addressField(h))
	}
	if len(h.Contact) > 0 {
		bottom = max(bottom, r.contactBlock(h.Contact))
	}
	if len(h.Recipient) > 0 || len(h.Contact) > 0 {
		bottom = max(bottom, 98.5) // below the first fold, as DIN 5008
		r.foldMarks()
	}
	r.y = bottom
	r.font("", 10)
}

// addressField fills the window of a DIN C6/5 envelope (form B: 45 mm
// from the top) and returns where it ends. The return line is cut with
// "…" (the authority's address is in full above it).
func (r *renderer) addressField(h Letterhead) float64 {
	r.font("", 7)
	ret := strings.Join(append([]string{h.Authority}, h.Address...), " · ")
	r.text(marginL, 47, 85, 4, r.oneLine(ret, 85), 'L', midGrey)
	r.line(marginL, 51, marginL+85, 51, 0.2, black)
	r.font("", 10)
	y := 54.0
	for _, l := range h.Recipient {
		for _, part := range r.lines(l, 85) { // a long name wraps, it is not cut
			r.text(marginL, y, 85, 4.6, part, 'L', black)
			y += 4.6
		}
	}
	return y
}

// contactBlock writes the information block right of the address field.
func (r *renderer) contactBlock(lines []string) float64 {
	const x, w = 125.0, pageW - marginR - 125.0
	r.font("", 9)
	top := r.y
	r.y = 50
	for _, l := range lines {
		r.multi(x, w, 4.6, l, black)
	}
	y := r.y
	r.y = top
	return y
}

// foldMarks draws the fold and punch marks at the left page edge.
func (r *renderer) foldMarks() {
	for _, y := range []float64{105, 148.5, 210} {
		r.line(4, y, 9, y, 0.2, grey)
	}
}
