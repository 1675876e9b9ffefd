package pdf

import (
	"bytes"
	_ "embed"
	"encoding/hex"
	"strconv"
	"unicode/utf16"
)

//go:embed fonts/DejaVuSans.ttf
var fontRegular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var fontBold []byte

// The page geometry in millimetres: A4 with the margins of DIN 5008.
const (
	pageW, pageH = 210.0, 297.0
	marginL      = 25.0
	marginR      = 20.0
	marginT      = 20.0
	marginB      = 25.0
	contentW     = pageW - marginL - marginR
	lineH        = 5.0 // for 10 pt text
	cellPad      = 1.0 // text inset in a cell
	ptPerMM      = 72 / 25.4
)

// labels are the words the layout adds itself.
type labels struct {
	page, file, size, hash string
	bytes                  string // format for a byte count
	thousands              string // digit group separator
}

var labelsByLang = map[string]labels{
	"de": {"Seite %d von %d", "Datei", "Größe", "SHA-256 (Prüfsumme)", "%s Bytes", "."},
	"en": {"Page %d of %d", "File", "Size", "SHA-256 (checksum)", "%s bytes", ","},
}

// color is a grey or RGB colour, 0–255 per channel.
type color [3]uint8

var black = color{0, 0, 0}

// renderer is the one layout pass over a document: pages are content
// streams kept in memory, so the footer ("Seite x von y") is added once
// the number of pages is known.
type renderer struct {
	lbl   labels
	fonts [2]*fontUse // regular, bold
	pages []*bytes.Buffer
	y     float64 // current position from the top of the page, mm
	bold  int     // current face: 0 regular, 1 bold
	size  float64 // current font size, pt
	num   []byte  // scratch for numbers
}

func newRenderer(meta Meta, fs [2]*face) *renderer {
	lbl, ok := labelsByLang[meta.Lang]
	if !ok {
		lbl = labelsByLang["de"]
	}
	r := &renderer{lbl: lbl, fonts: [2]*fontUse{newFontUse(fs[0]), newFontUse(fs[1])}}
	r.addPage()
	r.font("", 10)
	return r
}

func (r *renderer) addPage() {
	r.pages = append(r.pages, new(bytes.Buffer))
	r.y = marginT
}

func (r *renderer) page() *bytes.Buffer { return r.pages[len(r.pages)-1] }

func (r *renderer) font(style string, size float64) {
	r.bold = 0
	if style == "B" {
		r.bold = 1
	}
	r.size = size
}

func (r *renderer) face() *face { return r.fonts[r.bold].face }

// lines wraps text to a cell of width w in the current font.
func (r *renderer) lines(text string, w float64) [][]unit {
	return wrap(r.face(), text, r.size, (w-2*cellPad)*ptPerMM)
}

// multi writes text wrapped to width w at x, each line h high, starting a
// new page where the page ends; y moves below the text.
func (r *renderer) multi(x, w, h float64, text string, c color) {
	for _, l := range r.lines(text, w) {
		if r.y+h > pageH-marginB {
			r.addPage()
		}
		r.text(x, r.y, w, h, l, 'L', c)
		r.y += h
	}
}

// text writes one line in the cell at x, y of width w and height h,
// vertically centred, aligned left ('L') or right ('R').
func (r *renderer) text(x, y, w, h float64, line []unit, align byte, c color) {
	if len(line) == 0 {
		return
	}
	f := r.fonts[r.bold]
	tx := x + cellPad
	if align == 'R' {
		tx = x + w - cellPad - advance(f.face, line, r.size)/ptPerMM
	}
	baseline := y + h/2 + 0.3*r.size/ptPerMM
	b := r.page()
	r.color(c, "rg")
	b.WriteString("BT /F")
	b.WriteByte('1' + byte(r.bold))
	r.nums(r.size)
	b.WriteString(" Tf 1 0 0 1")
	r.nums(tx*ptPerMM, (pageH-baseline)*ptPerMM)
	b.WriteString(" Tm ")
	for i := 0; i < len(line); {
		if line[i].actual != "" {
			b.WriteString("/Span <</ActualText ")
			writeUTF16(b, line[i].actual)
			b.WriteString(">> BDC ")
			r.show(f, line[i:i+1])
			b.WriteString(" EMC ")
			i++
			continue
		}
		j := i + 1
		for j < len(line) && line[j].actual == "" {
			j++
		}
		r.show(f, line[i:j])
		i = j
	}
	b.WriteString(" ET\n")
}

// show writes glyphs as a hex string in their document numbering.
func (r *renderer) show(f *fontUse, us []unit) {
	b := r.page()
	b.WriteByte('<')
	for _, u := range us {
		c := f.cid(u.glyph, u.text)
		b.WriteByte(hexDigits[c>>12])
		b.WriteByte(hexDigits[c>>8&15])
		b.WriteByte(hexDigits[c>>4&15])
		b.WriteByte(hexDigits[c&15])
	}
	b.WriteString("> Tj")
}

const hexDigits = "0123456789ABCDEF"

// line draws a line from x1, y1 to x2, y2 of width w mm in colour c.
func (r *renderer) line(x1, y1, x2, y2, w float64, c color) {
	r.color(c, "RG")
	r.nums(w * ptPerMM)
	r.page().WriteString(" w")
	r.nums(x1*ptPerMM, (pageH-y1)*ptPerMM)
	r.page().WriteString(" m")
	r.nums(x2*ptPerMM, (pageH-y2)*ptPerMM)
	r.page().WriteString(" l S\n")
}

// fill paints the rectangle at x, y of w × h mm in colour c.
func (r *renderer) fill(x, y, w, h float64, c color) {
	r.color(c, "rg")
	r.nums(x*ptPerMM, (pageH-y-h)*ptPerMM, w*ptPerMM, h*ptPerMM)
	r.page().WriteString(" re f\n")
}

// color sets the fill ("rg") or stroke ("RG") colour.
func (r *renderer) color(c color, op string) {
	r.nums(float64(c[0])/255, float64(c[1])/255, float64(c[2])/255)
	r.page().WriteString(" " + op + " ")
}

// nums writes numbers, each after a space, with at most two decimals.
func (r *renderer) nums(vs ...float64) {
	for _, v := range vs {
		r.num = strconv.AppendFloat(append(r.num[:0], ' '), v, 'f', 3, 64)
		n := bytes.TrimRight(r.num, "0")
		n = bytes.TrimSuffix(n, []byte("."))
		if len(n) == 1 || string(n) == " -" {
			n = []byte(" 0")
		}
		r.page().Write(n)
	}
}

// writeUTF16 writes s as a PDF hex string in UTF-16BE with byte order mark.
func writeUTF16(b *bytes.Buffer, s string) {
	b.WriteString("<FEFF")
	var buf [2]byte
	for _, c := range utf16.Encode([]rune(s)) {
		buf[0], buf[1] = byte(c>>8), byte(c)
		b.WriteString(hex.EncodeToString(buf[:]))
	}
	b.WriteByte('>')
}
