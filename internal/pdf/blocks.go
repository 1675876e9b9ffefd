package pdf

import (
	"strconv"
	"strings"
)

type titleBlock string

func (t titleBlock) draw(r *renderer) {
	r.font("B", 12)
	r.pdf.MultiCell(contentW, 6, string(t), "", "L", false)
	r.pdf.Ln(4)
	r.font("", 10)
}

type headingBlock string

func (h headingBlock) draw(r *renderer) {
	r.keep(20) // no heading alone at the foot of a page
	r.pdf.Ln(2)
	r.font("B", 11)
	r.pdf.MultiCell(contentW, 6, string(h), "", "L", false)
	r.pdf.Ln(1)
	r.font("", 10)
}

type paragraphBlock string

func (t paragraphBlock) draw(r *renderer) {
	r.font("", 10)
	r.pdf.MultiCell(contentW, lineH, string(t), "", "L", false)
	r.pdf.Ln(3)
}

// keep starts a new page unless h millimetres are left on this one.
func (r *renderer) keep(h float64) {
	if r.pdf.GetY()+h > pageH-marginB {
		r.pdf.AddPage()
	}
}

type fieldsBlock []Field

const labelW = 55.0

func (f fieldsBlock) draw(r *renderer) {
	p := r.pdf
	p.SetDrawColor(200, 200, 200)
	for _, row := range f {
		r.font("B", 10)
		label := r.lines(row.Label, labelW)
		r.font("", 10)
		value := r.lines(row.Value, contentW-labelW)
		h := float64(max(len(label), len(value)))*lineH + 2
		r.keep(h)
		y := p.GetY()
		r.font("B", 10)
		r.cell(marginL, y+1, labelW, label)
		r.font("", 10)
		r.cell(marginL+labelW, y+1, contentW-labelW, value)
		p.Line(marginL, y+h, marginL+contentW, y+h)
		p.SetXY(marginL, y+h)
	}
	p.Ln(4)
}

// lines wraps text to width w in the current font; explicit line breaks
// are kept and an empty text is one empty line.
func (r *renderer) lines(text string, w float64) []string {
	var out []string
	for _, para := range strings.Split(text, "\n") {
		if para == "" {
			out = append(out, "")
			continue
		}
		out = append(out, r.pdf.SplitText(para, w)...)
	}
	return out
}

// cell writes lines at x, y, each lineH high.
func (r *renderer) cell(x, y, w float64, lines []string) {
	for i, l := range lines {
		r.pdf.SetXY(x, y+float64(i)*lineH)
		r.pdf.CellFormat(w, lineH, l, "", 0, "L", false, 0, "")
	}
}

type attachmentsBlock []Attachment

// The attachment table's columns: name, size (right-aligned), hash.
const nameW, sizeW = 68.0, 30.0

const hashW = contentW - nameW - sizeW

func (a attachmentsBlock) draw(r *renderer) {
	p := r.pdf
	r.keep(20)
	r.attachmentHeader()
	for _, f := range a {
		r.font("", 9)
		name := r.lines(f.Name, nameW)
		r.font("", 8)
		hash := r.hashLines(f.SHA256)
		h := float64(max(len(name), len(hash)))*lineH + 2
		if p.GetY()+h > pageH-marginB {
			p.AddPage()
			r.attachmentHeader()
		}
		y := p.GetY()
		r.font("", 9)
		r.cell(marginL, y+1, nameW, name)
		p.SetXY(marginL+nameW, y+1)
		p.CellFormat(sizeW, lineH, r.size(f.Size), "", 0, "R", false, 0, "")
		r.font("", 8)
		r.cell(marginL+nameW+sizeW+2, y+1, hashW-2, hash)
		p.SetDrawColor(200, 200, 200)
		p.Line(marginL, y+h, marginL+contentW, y+h)
		p.SetXY(marginL, y+h)
	}
	p.Ln(4)
	r.font("", 10)
}

func (r *renderer) attachmentHeader() {
	p := r.pdf
	r.font("B", 9)
	p.SetFillColor(230, 236, 241)
	p.CellFormat(nameW, 7, r.lbl.file, "", 0, "L", true, 0, "")
	p.CellFormat(sizeW, 7, r.lbl.size, "", 0, "R", true, 0, "")
	p.CellFormat(2, 7, "", "", 0, "L", true, 0, "")
	p.CellFormat(hashW-2, 7, r.lbl.hash, "", 1, "L", true, 0, "")
}

// hashLines breaks a hash into halves of 32 characters (a SHA-256 in hex
// is 64), which fit the column; anything longer wraps where it must.
func (r *renderer) hashLines(hash string) []string {
	var out []string
	rest := []rune(hash)
	for len(rest) > 32 && !strings.ContainsAny(hash, " \n") {
		out = append(out, string(rest[:32]))
		rest = rest[32:]
	}
	return append(out, r.lines(string(rest), hashW-2)...)
}

// size writes a byte count with digit groups: "1.234.567 Bytes".
func (r *renderer) size(n int64) string {
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
