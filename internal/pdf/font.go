package pdf

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
)

// face is a TrueType font parsed once per process: the tables the PDF
// needs, the character map and the advance widths. It is read-only after
// parsing and shared by all renders.
type face struct {
	name       string            // PostScript name for /BaseFont
	tables     map[string][]byte // raw tables by tag
	unitsPerEm int
	numGlyphs  int
	advance    []uint16 // per glyph, in font units
	lsb        []int16  // left side bearing per glyph
	loca       []uint32 // glyph offsets into glyf, numGlyphs+1
	cmap       map[rune]uint16
	bbox       [4]int16
	ascent     int16
	descent    int16
	capHeight  int16
	italic     float64
}

var faces = sync.OnceValues(func() ([2]*face, error) {
	regular, err := parseFace("DejaVuSans", fontRegular)
	if err != nil {
		return [2]*face{}, err
	}
	bold, err := parseFace("DejaVuSans-Bold", fontBold)
	return [2]*face{regular, bold}, err
})

var errFont = errors.New("pdf: malformed font")

func parseFace(name string, data []byte) (*face, error) {
	f := &face{name: name, tables: map[string][]byte{}}
	if len(data) < 12 {
		return nil, errFont
	}
	n := int(u16(data, 4))
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(data) {
			return nil, errFont
		}
		off, size := int(u32(data, rec+8)), int(u32(data, rec+12))
		if off+size > len(data) {
			return nil, errFont
		}
		f.tables[string(data[rec:rec+4])] = data[off : off+size]
	}
	for _, tag := range []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap"} {
		if f.tables[tag] == nil {
			return nil, fmt.Errorf("%w: no %s table", errFont, tag)
		}
	}
	if err := f.parseMetrics(); err != nil {
		return nil, err
	}
	if err := f.parseCmap(); err != nil {
		return nil, err
	}
	return f, nil
}

// parseMetrics reads head, hhea, maxp, hmtx, loca, OS/2 and post.
func (f *face) parseMetrics() error {
	head, hhea := f.tables["head"], f.tables["hhea"]
	if len(head) < 54 || len(hhea) < 36 || len(f.tables["maxp"]) < 6 {
		return errFont
	}
	f.unitsPerEm = int(u16(head, 18))
	for i := range 4 {
		f.bbox[i] = int16(u16(head, 36+2*i))
	}
	f.ascent, f.descent = int16(u16(hhea, 4)), int16(u16(hhea, 6))
	f.capHeight = f.ascent
	if os2 := f.tables["OS/2"]; len(os2) >= 90 && u16(os2, 0) >= 2 {
		f.capHeight = int16(u16(os2, 88))
	}
	if post := f.tables["post"]; len(post) >= 8 {
		f.italic = float64(int32(u32(post, 4))) / 65536
	}
	f.numGlyphs = int(u16(f.tables["maxp"], 4))
	if f.unitsPerEm == 0 || f.numGlyphs == 0 {
		return errFont
	}
	if err := f.parseHmtx(int(u16(hhea, 34))); err != nil {
		return err
	}
	return f.parseLoca(int16(u16(head, 50)) == 1)
}

func (f *face) parseHmtx(metrics int) error {
	hmtx := f.tables["hmtx"]
	if metrics == 0 || metrics > f.numGlyphs || len(hmtx) < 4*metrics+2*(f.numGlyphs-metrics) {
		return errFont
	}
	f.advance, f.lsb = make([]uint16, f.numGlyphs), make([]int16, f.numGlyphs)
	for g := range f.numGlyphs {
		if g < metrics {
			f.advance[g], f.lsb[g] = u16(hmtx, 4*g), int16(u16(hmtx, 4*g+2))
		} else {
			f.advance[g], f.lsb[g] = f.advance[metrics-1], int16(u16(hmtx, 4*metrics+2*(g-metrics)))
		}
	}
	return nil
}

func (f *face) parseLoca(long bool) error {
	loca, glyf := f.tables["loca"], f.tables["glyf"]
	f.loca = make([]uint32, f.numGlyphs+1)
	for g := range f.loca {
		switch {
		case long && 4*g+4 <= len(loca):
			f.loca[g] = u32(loca, 4*g)
		case !long && 2*g+2 <= len(loca):
			f.loca[g] = 2 * uint32(u16(loca, 2*g))
		default:
			return errFont
		}
		if f.loca[g] > uint32(len(glyf)) || g > 0 && f.loca[g] < f.loca[g-1] {
			return errFont
		}
	}
	return nil
}

// parseCmap reads the Unicode character map: format 12 (all planes) when
// the font has one, else format 4 (Basic Multilingual Plane).
func (f *face) parseCmap() error {
	cmap := f.tables["cmap"]
	if len(cmap) < 4 {
		return errFont
	}
	var fmt4, fmt12 []byte
	for i := range int(u16(cmap, 2)) {
		rec := 4 + 8*i
		if rec+8 > len(cmap) {
			return errFont
		}
		platform, encoding, off := u16(cmap, rec), u16(cmap, rec+2), int(u32(cmap, rec+4))
		if off+4 > len(cmap) || platform == 1 {
			continue
		}
		sub := cmap[off:]
		switch {
		case u16(sub, 0) == 12 && (platform == 0 || encoding == 10):
			fmt12 = sub
		case u16(sub, 0) == 4 && (platform == 0 || encoding == 1):
			fmt4 = sub
		}
	}
	f.cmap = map[rune]uint16{}
	switch {
	case fmt12 != nil:
		return f.cmap12(fmt12)
	case fmt4 != nil:
		return f.cmap4(fmt4)
	}
	return fmt.Errorf("%w: no Unicode cmap", errFont)
}

func (f *face) cmap4(t []byte) error {
	if len(t) < 14 {
		return errFont
	}
	seg := int(u16(t, 6)) / 2
	ends, starts := 14, 16+2*seg
	deltas, ranges := starts+2*seg, starts+4*seg
	if ranges+2*seg > len(t) {
		return errFont
	}
	for i := range seg {
		end, start := rune(u16(t, ends+2*i)), rune(u16(t, starts+2*i))
		delta, ro := u16(t, deltas+2*i), int(u16(t, ranges+2*i))
		for c := start; c <= end && c != 0xFFFF; c++ {
			g := uint16(c) + delta
			if ro != 0 {
				at := ranges + 2*i + ro + 2*int(c-start)
				if at+2 > len(t) {
					return errFont
				}
				if g = u16(t, at); g != 0 {
					g += delta
				}
			}
			f.add(c, g)
		}
	}
	return nil
}

func (f *face) cmap12(t []byte) error {
	if len(t) < 16 {
		return errFont
	}
	n := int(u32(t, 12))
	if 16+12*n > len(t) || n < 0 {
		return errFont
	}
	for i := range n {
		start, end, g := u32(t, 16+12*i), u32(t, 20+12*i), u32(t, 24+12*i)
		for c := start; c <= end && c <= 0x10FFFF; c++ {
			f.add(rune(c), uint16(g+c-start))
		}
	}
	return nil
}

func (f *face) add(c rune, g uint16) {
	if g != 0 && int(g) < f.numGlyphs {
		f.cmap[c] = g
	}
}

// glyph returns the glyph of c, false when the font has none.
func (f *face) glyph(c rune) (uint16, bool) {
	g, ok := f.cmap[c]
	return g, ok
}

// pdfUnits scales font units to the PDF's glyph space (1000 per em).
func (f *face) pdfUnits(v int) int {
	return v * 1000 / f.unitsPerEm
}

func u16(b []byte, at int) uint16 {
	if at+2 > len(b) || at < 0 {
		return 0
	}
	return binary.BigEndian.Uint16(b[at:])
}

func u32(b []byte, at int) uint32 {
	if at+4 > len(b) || at < 0 {
		return 0
	}
	return binary.BigEndian.Uint32(b[at:])
}
