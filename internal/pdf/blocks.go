package pdf

import (
	"strconv"
	"strings"
)

var (
	ruleGrey   = color{200, 200, 200}
	headerFill = color{230, 236, 241}
)

type titleBlock string

func (t titleBlock) draw(r *renderer) {
	r.font("B", 12)
	r.multi(marginL, contentW, 6, string(t), black)
	r.y += 4
	r.font("", 10)
}

type headingBlock string

func (h headingBlock) draw(r *renderer) {
	r.keep(20) // no heading alone at the foot of a page
	r.y += 2
	r.font("B", 11)
	r.multi(marginL, contentW, 6, string(h), black)
	r.y++
	r.font("", 10)
}

type paragraphBlock string

func (t paragraphBlock) draw(r *renderer) {
	r.font("", 10)
	r.multi(marginL, contentW, lineH, string(t), black)
	r.y += 3
}

// keep starts a new page unless h millimetres are left on this one.
func (r *renderer) keep(h float64) {
	if r.y+h > pageH-marginB {
		r.addPage()
	}
}

type fieldsBlock []Field

const labelW = 55.0

func (f fieldsBlock) draw(r *renderer) {
	for _, row := range f {
		r.font("B", 10)
		label := r.lines(row.Label, labelW)
		r.font("", 10)
		value := r.lines(row.Value, contentW-labelW)
		r.row(nil, []column{{0, labelW, label, 1, 10, 'L'}, {labelW, contentW - labelW, value, 0, 10, 'L'}})
	}
	r.y += 4
}

// column is one column of a table row: its offset and width in mm, its
// lines, face (0 regular, 1 bold), size and alignment.
type column struct {
	x, w  float64
	lines [][]unit
	bold  int
	size  float64
	align byte
}

// row draws a table row whose columns wrap, ruled below. A row that does
// not fit on the rest of the page starts a new one (after header, if
// any); a row longer than a page continues on the next.
func (r *renderer) row(header func(), cols []column) {
	n := 0
	for _, c := range cols {
		n = max(n, len(c.lines))
	}
	if r.y+float64(n)*lineH+2 > pageH-marginB {
		r.newPage(header)
	}
	for from := 0; from < n; {
		if from > 0 {
			r.newPage(header)
		}
		fit := max(1, int((pageH-marginB-r.y-2)/lineH))
		to := min(n, from+fit)
		for _, c := range cols { // column by column: text extraction keeps each cell together
			r.bold, r.size = c.bold, c.size
			for i := from; i < min(to, len(c.lines)); i++ {
				r.text(marginL+c.x, r.y+1+float64(i-from)*lineH, c.w, lineH, c.lines[i], c.align, black)
			}
		}
		r.y += float64(to-from)*lineH + 2
		from = to
	}
	r.line(marginL, r.y, marginL+contentW, r.y, 0.2, ruleGrey)
}

func (r *renderer) newPage(header func()) {
	r.addPage()
	if header != nil {
		header()
	}
}

type attachmentsBlock []Attachment

// The attachment table's columns: name, size (right-aligned), hash.
const nameW, sizeW = 68.0, 30.0

const hashW = contentW - nameW - sizeW

func (a attachmentsBlock) draw(r *renderer) {
	r.keep(20)
	r.attachmentHeader()
	for _, f := range a {
		r.font("", 9)
		name := r.lines(f.Name, nameW)
		size := [][]unit{shape(r.face(), r.byteCount(f.Size))}
		r.font("", 8)
		hash := r.hashLines(f.SHA256)
		r.row(r.attachmentHeader, []column{{0, nameW, name, 0, 9, 'L'}, {nameW, sizeW, size, 0, 9, 'R'},
			{nameW + sizeW + 2, hashW - 2, hash, 0, 8, 'L'}})
	}
	r.y += 4
	r.font("", 10)
}

func (r *renderer) attachmentHeader() {
	r.font("B", 9)
	r.fill(marginL, r.y, contentW, 7, headerFill)
	r.text(marginL, r.y, nameW, 7, shape(r.face(), r.lbl.file), 'L', black)
	r.text(marginL+nameW, r.y, sizeW, 7, shape(r.face(), r.lbl.size), 'R', black)
	r.text(marginL+nameW+sizeW+2, r.y, hashW-2, 7, shape(r.face(), r.lbl.hash), 'L', black)
	r.y += 7
}

// hashLines breaks a hash into halves of 32 characters (a SHA-256 in hex
// is 64), which fit the column; anything longer wraps where it must.
func (r *renderer) hashLines(hash string) [][]unit {
	var out [][]unit
	rest := []rune(hash)
	for len(rest) > 32 && !strings.ContainsAny(hash, " \n") {
		out = append(out, shape(r.face(), string(rest[:32])))
		rest = rest[32:]
	}
	return append(out, r.lines(string(rest), hashW-2)...)
}

// byteCount writes a byte count with digit groups: "1.234.567 Bytes".
func (r *renderer) byteCount(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteString(r.lbl.thousands)
		}
		b.WriteRune(c)
	}
	return strings.Replace(r.lbl.bytes, "%s", b.String(), 1)
}
