package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf16"
)

// writer writes numbered PDF objects and the cross-reference table.
type writer struct {
	buf     bytes.Buffer
	offsets []int // by object number - 1
}

// compressors are reused: a new one allocates about a megabyte.
var compressors = sync.Pool{New: func() any {
	z, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return z
}}

func (w *writer) begin(n int) {
	for len(w.offsets) < n {
		w.offsets = append(w.offsets, 0)
	}
	w.offsets[n-1] = w.buf.Len()
	fmt.Fprintf(&w.buf, "%d 0 obj\n", n)
}

// object writes object n with dictionary dict.
func (w *writer) object(n int, dict string) {
	w.begin(n)
	w.buf.WriteString(dict)
	w.buf.WriteString("\nendobj\n")
}

// stream writes object n as a compressed stream with extra entries.
func (w *writer) stream(n int, extra string, data []byte) {
	var z bytes.Buffer
	zw := compressors.Get().(*zlib.Writer)
	zw.Reset(&z)
	zw.Write(data)
	zw.Close()
	compressors.Put(zw)
	w.begin(n)
	fmt.Fprintf(&w.buf, "<< /Length %d /Filter /FlateDecode%s >>\nstream\n", z.Len(), extra)
	w.buf.Write(z.Bytes())
	w.buf.WriteString("\nendstream\nendobj\n")
}

// raw writes object n as an uncompressed stream with extra entries.
func (w *writer) raw(n int, extra string, data []byte) {
	w.begin(n)
	fmt.Fprintf(&w.buf, "<< /Length %d%s >>\nstream\n", len(data), extra)
	w.buf.Write(data)
	w.buf.WriteString("\nendstream\nendobj\n")
}

// output writes the whole file. Objects: 1 catalog, 2 page tree, 3
// document information, then the fonts, then each page and its content.
func (r *renderer) output(meta Meta) []byte {
	w := &writer{}
	w.buf.Grow(48 << 10) // a receipt is about 32 kB
	w.buf.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	w.object(1, fmt.Sprintf("<< /Type /Catalog /Pages 2 0 R /Lang %s /PageLayout /OneColumn /ViewerPreferences << /DisplayDocTitle true >> >>", literal(meta.Lang)))
	w.object(3, info(meta))
	n, fonts := 4, ""
	for i, f := range r.fonts {
		if len(f.glyphs) > 1 {
			fonts += fmt.Sprintf(" /F%d %d 0 R", i+1, n)
			n = f.write(w, n)
		}
	}
	kids := make([]string, len(r.pages))
	for i, p := range r.pages {
		kids[i] = fmt.Sprintf("%d 0 R", n)
		w.object(n, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /Resources << /Font <<%s >> >> /Contents %d 0 R >>", fonts, n+1))
		w.stream(n+1, "", p.Bytes())
		n += 2
	}
	w.object(2, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d /MediaBox [0 0 595.28 841.89] >>", strings.Join(kids, " "), len(r.pages)))
	return w.finish(n - 1)
}

// finish writes the cross-reference table and trailer; the file
// identifier is a hash of the content, so equal documents are equal.
func (w *writer) finish(objects int) []byte {
	id := sha256.Sum256(w.buf.Bytes())
	xref := w.buf.Len()
	fmt.Fprintf(&w.buf, "xref\n0 %d\n0000000000 65535 f \n", objects+1)
	for _, off := range w.offsets {
		fmt.Fprintf(&w.buf, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&w.buf, "trailer\n<< /Size %d /Root 1 0 R /Info 3 0 R /ID [<%x> <%x>] >>\nstartxref\n%d\n%%%%EOF\n",
		objects+1, id[:16], id[:16], xref)
	return w.buf.Bytes()
}

func info(m Meta) string {
	var b bytes.Buffer
	b.WriteString("<<")
	for _, kv := range [][2]string{{"Title", m.Title}, {"Author", m.Author}, {"Subject", m.Subject},
		{"Creator", "amtsweg"}, {"Producer", "amtsweg"}} {
		if kv[1] != "" {
			b.WriteString(" /" + kv[0] + " ")
			writeUTF16(&b, kv[1])
		}
	}
	d := pdfDate(m.Created)
	fmt.Fprintf(&b, " /CreationDate %s /ModDate %s >>", d, d)
	return b.String()
}

func pdfDate(t time.Time) string {
	return "(D:" + t.UTC().Format("20060102150405") + "Z)"
}

// literal is s as a PDF literal string.
func literal(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`, "\r", `\r`, "\n", `\n`)
	return "(" + r.Replace(s) + ")"
}

// write writes the font as objects n (Type0 font) to n+4 and returns the
// next free object number.
func (u *fontUse) write(w *writer, n int) int {
	f := u.face
	name := u.tag() + "+" + f.name
	w.object(n, fmt.Sprintf("<< /Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>",
		name, n+1, n+4))
	w.object(n+1, fmt.Sprintf("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor %d 0 R /CIDToGIDMap /Identity /W [0 [%s]] >>",
		name, n+2, u.widths()))
	b := f.bbox
	w.object(n+2, fmt.Sprintf("<< /Type /FontDescriptor /FontName /%s /Flags 32 /FontBBox [%d %d %d %d] /ItalicAngle %g /Ascent %d /Descent %d /CapHeight %d /StemV 80 /FontFile2 %d 0 R >>",
		name, f.pdfUnits(int(b[0])), f.pdfUnits(int(b[1])), f.pdfUnits(int(b[2])), f.pdfUnits(int(b[3])), f.italic,
		f.pdfUnits(int(f.ascent)), f.pdfUnits(int(f.descent)), f.pdfUnits(int(f.capHeight)), n+3))
	// Glyph outlines shrink by about 13 % with deflate, for almost half of
	// the CPU time of a render: the font program is stored as it is.
	prog := u.program()
	w.raw(n+3, " /Length1 "+strconv.Itoa(len(prog)), prog)
	w.stream(n+4, "", u.toUnicode())
	return n + 5
}

// tag is the subset's six-letter name prefix, derived from its glyphs.
func (u *fontUse) tag() string {
	h := sha256.New()
	for _, g := range u.glyphs {
		h.Write([]byte{byte(g >> 8), byte(g)})
	}
	sum := h.Sum(nil)
	t := make([]byte, 6)
	for i := range t {
		t[i] = 'A' + sum[i]%26
	}
	return string(t)
}

func (u *fontUse) widths() string {
	var b strings.Builder
	for i, g := range u.glyphs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(u.face.pdfUnits(int(u.face.advance[g]))))
	}
	return b.String()
}

// toUnicode is the CMap from document glyphs to text, for copying and
// searching.
func (u *fontUse) toUnicode() []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for start := 1; start < len(u.glyphs); start += 100 {
		end := min(start+100, len(u.glyphs))
		fmt.Fprintf(&b, "%d beginbfchar\n", end-start)
		for c := start; c < end; c++ {
			fmt.Fprintf(&b, "<%04X> <", c)
			for _, v := range utf16.Encode([]rune(u.unicode[c])) {
				fmt.Fprintf(&b, "%04X", v)
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}
