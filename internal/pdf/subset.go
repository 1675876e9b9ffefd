package pdf

import (
	"encoding/binary"
	"sort"
)

// fontUse is one face as used by one document: the glyphs it shows, each
// renumbered in order of first use (glyph 0, .notdef, stays 0), with the
// text each stands for in the ToUnicode map.
type fontUse struct {
	face    *face
	ids     map[uint16]uint16 // font glyph → document glyph (CID)
	glyphs  []uint16          // document glyph → font glyph
	unicode []string          // document glyph → text
}

func newFontUse(f *face) *fontUse {
	return &fontUse{face: f, ids: map[uint16]uint16{0: 0}, glyphs: []uint16{0}, unicode: []string{""}}
}

// cid returns the document glyph for font glyph g standing for text.
func (u *fontUse) cid(g uint16, text string) uint16 {
	if c, ok := u.ids[g]; ok {
		return c
	}
	c := uint16(len(u.glyphs))
	u.ids[g] = c
	u.glyphs = append(u.glyphs, g)
	u.unicode = append(u.unicode, text)
	return c
}

// program builds the embedded font program (FontFile2): a TrueType font
// holding only the used glyphs, renumbered, plus the components of
// composite glyphs (e.g. ä is a plus a diaeresis in DejaVu).
func (u *fontUse) program() []byte {
	f := u.face
	order := append([]uint16(nil), u.glyphs...)
	ids := make(map[uint16]uint16, len(order))
	for i, g := range order {
		ids[g] = uint16(i)
	}
	for i := 0; i < len(order); i++ {
		for _, c := range components(f.glyphData(order[i])) {
			if _, ok := ids[c]; !ok && int(c) < f.numGlyphs {
				ids[c] = uint16(len(order))
				order = append(order, c)
			}
		}
	}
	size := 0
	for _, g := range order {
		size += int(f.loca[g+1]-f.loca[g]) + 3
	}
	glyf := make([]byte, 0, size)
	loca := make([]byte, 4*(len(order)+1))
	hmtx := make([]byte, 4*len(order))
	for i, g := range order {
		binary.BigEndian.PutUint32(loca[4*i:], uint32(len(glyf)))
		glyf = append(glyf, remap(f.glyphData(g), ids)...)
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		binary.BigEndian.PutUint16(hmtx[4*i:], f.advance[g])
		binary.BigEndian.PutUint16(hmtx[4*i+2:], uint16(f.lsb[g]))
	}
	binary.BigEndian.PutUint32(loca[4*len(order):], uint32(len(glyf)))
	head := clone(f.tables["head"])
	binary.BigEndian.PutUint32(head[8:], 0)  // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(head[50:], 1) // long loca
	hhea := clone(f.tables["hhea"])
	binary.BigEndian.PutUint16(hhea[34:], uint16(len(order)))
	maxp := clone(f.tables["maxp"])
	binary.BigEndian.PutUint16(maxp[4:], uint16(len(order)))
	tables := map[string][]byte{"head": head, "hhea": hhea, "maxp": maxp, "hmtx": hmtx, "loca": loca, "glyf": glyf}
	for _, tag := range []string{"cvt ", "fpgm", "prep"} { // hinting
		if t := f.tables[tag]; t != nil {
			tables[tag] = t
		}
	}
	return sfnt(tables)
}

func (f *face) glyphData(g uint16) []byte {
	return f.tables["glyf"][f.loca[g]:f.loca[g+1]]
}

// Composite glyph flags (OpenType glyf table).
const (
	argWords     = 0x0001
	haveScale    = 0x0008
	moreComps    = 0x0020
	haveXYScale  = 0x0040
	haveTwoByTwo = 0x0080
)

// walkComponents calls fn with the offset of each component's glyph index
// in a composite glyph; simple glyphs have none.
func walkComponents(data []byte, fn func(at int)) {
	if len(data) < 10 || int16(u16(data, 0)) >= 0 {
		return
	}
	for at := 10; at+4 <= len(data); {
		flags := u16(data, at)
		fn(at + 2)
		at += 4
		if flags&argWords != 0 {
			at += 4
		} else {
			at += 2
		}
		switch {
		case flags&haveScale != 0:
			at += 2
		case flags&haveXYScale != 0:
			at += 4
		case flags&haveTwoByTwo != 0:
			at += 8
		}
		if flags&moreComps == 0 {
			return
		}
	}
}

func components(data []byte) []uint16 {
	var out []uint16
	walkComponents(data, func(at int) { out = append(out, u16(data, at)) })
	return out
}

// remap copies a glyph, renumbering the components of a composite.
func remap(data []byte, ids map[uint16]uint16) []byte {
	out := clone(data)
	walkComponents(out, func(at int) {
		binary.BigEndian.PutUint16(out[at:], ids[u16(out, at)])
	})
	return out
}

// sfnt writes a TrueType file from tables, sorted by tag, with checksums
// and the head table's checkSumAdjustment.
func sfnt(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	sort.Strings(tags)
	n := len(tags)
	shift := 1
	for shift*2 <= n {
		shift *= 2
	}
	out := make([]byte, 12+16*n)
	binary.BigEndian.PutUint32(out, 0x00010000)
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(shift*16))
	binary.BigEndian.PutUint16(out[8:], uint16(log2(shift)))
	binary.BigEndian.PutUint16(out[10:], uint16(n*16-shift*16))
	headAt := 0
	for i, tag := range tags {
		t := tables[tag]
		rec := out[12+16*i:]
		copy(rec, tag)
		binary.BigEndian.PutUint32(rec[4:], checksum(t))
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(t)))
		if tag == "head" {
			headAt = len(out)
		}
		out = append(out, t...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

func log2(n int) int {
	k := 0
	for n > 1 {
		n /= 2
		k++
	}
	return k
}

func clone(b []byte) []byte { return append([]byte(nil), b...) }
