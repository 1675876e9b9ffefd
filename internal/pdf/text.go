package pdf

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// unit is one glyph as set on the page.
type unit struct {
	glyph  uint16 // glyph in the font
	text   string // the text the glyph stands for (ToUnicode)
	actual string // for a substitute: the text it replaces (ActualText)
	space  bool   // a place to break the line, dropped there
	hyphen bool   // a place to break the line after: - _ . / \
}

// replacement is the visible mark for a character the fonts lack.
const replacement = '\uFFFD'

// shape turns text into glyphs of f. Text is composed (NFC) first, so a
// letter with a combining accent uses the precomposed glyph where there is
// one. Tabs become spaces; other control characters and characters the
// font has no glyph for (emoji, CJK, …) become the replacement mark "�",
// which carries the original characters as ActualText, so copying and
// text extraction still give what was there. Invisible format characters
// the font lacks (e.g. bidi marks, zero-width joiners) are not drawn.
func shape(f *face, s string) []unit {
	s = norm.NFC.String(s)
	out := make([]unit, 0, len(s))
	joinNext := false
	for _, c := range s {
		if c == '\t' {
			c = ' '
		}
		last := len(out) - 1
		if last >= 0 && out[last].actual != "" && (joinNext || extends(c)) {
			out[last].actual += string(c) // part of the same missing grapheme (emoji sequence)
			joinNext = c == '\u200d'
			continue
		}
		joinNext = false
		g, ok := f.glyph(c)
		switch {
		case ok && !unicode.IsControl(c):
			out = append(out, unit{glyph: g, text: string(c), space: c == ' ', hyphen: strings.ContainsRune(breakAfter, c)})
		case unicode.Is(unicode.Cf, c) || unicode.Is(unicode.Mn, c) && last < 0:
			// invisible without a glyph
		default:
			out = append(out, f.substitute(c))
		}
	}
	return out
}

// substitute is the replacement mark standing for c.
func (f *face) substitute(c rune) unit {
	actual := string(c)
	if unicode.IsControl(c) {
		actual = string(replacement)
	}
	g, ok := f.glyph(replacement)
	if !ok {
		g, _ = f.glyph('?')
	}
	return unit{glyph: g, text: string(replacement), actual: actual}
}

// extends reports whether c belongs to the grapheme before it: joiners,
// variation selectors, emoji modifiers and tags, combining marks.
func extends(c rune) bool {
	return c == '\u200d' || c >= 0xFE00 && c <= 0xFE0F || c >= 0x1F3FB && c <= 0x1F3FF ||
		c >= 0xE0000 && c <= 0xE01EF || unicode.In(c, unicode.Mn, unicode.Me)
}

// breakAfter are the characters a long word (a file name, a web
// address) may be broken after.
const breakAfter = "-_./\\\u2010\u2013"

// advance is the width of units at size points, in points.
func advance(f *face, us []unit, size float64) float64 {
	w := 0
	for _, u := range us {
		w += int(f.advance[u.glyph])
	}
	return float64(w) * size / float64(f.unitsPerEm)
}

// wrap breaks text into lines no wider than w points at size: at spaces
// where it can, inside a word too long for a line where it must. Explicit
// line breaks are kept; an empty text is one empty line.
func wrap(f *face, text string, size, w float64) [][]unit {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out [][]unit
	for _, para := range strings.Split(text, "\n") {
		out = append(out, wrapLine(f, shape(f, para), size, w)...)
	}
	return out
}

func wrapLine(f *face, us []unit, size, w float64) [][]unit {
	limit := int(w * float64(f.unitsPerEm) / size)
	var out [][]unit
	start, width := 0, 0
	space, hyphen := -1, -1 // the last space, the last break after a hyphen
	for i := 0; i < len(us); i++ {
		width += int(f.advance[us[i].glyph])
		if width > limit && i > start {
			end, next := breakAt(f, us, i, start, space, hyphen, limit)
			out = append(out, visual(us[start:end]))
			start, width, space, hyphen, i = next, 0, -1, -1, next-1
			continue
		}
		switch {
		case us[i].space && i > start:
			space = i
		case us[i].hyphen && i+1 < len(us):
			hyphen = i + 1
		}
	}
	return append(out, visual(us[start:]))
}

// breakAt chooses where a line that overflows at unit i ends (end) and
// the next begins (next): at a space where the word after it fits on a
// line of its own, so a compound like "E-Mail-Adresse" stays whole
// (text extraction would join "E-Mail-" and "Adresse" into one line wider
// than its column, and mix a table's columns); else after a hyphen, at a
// space, or inside the word.
func breakAt(f *face, us []unit, i, start, space, hyphen, limit int) (end, next int) {
	switch {
	case us[i].space:
		return i, i + 1
	case space > start && (hyphen <= space || wordFits(f, us[space+1:], limit)):
		return space, space + 1
	case hyphen > start:
		return hyphen, hyphen
	}
	return i, i
}

// wordFits reports whether the word at the start of us fits in limit.
func wordFits(f *face, us []unit, limit int) bool {
	w := 0
	for _, u := range us {
		if u.space {
			break
		}
		if w += int(f.advance[u.glyph]); w > limit {
			return false
		}
	}
	return true
}
