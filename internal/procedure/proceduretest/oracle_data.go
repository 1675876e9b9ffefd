package proceduretest

import (
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/bidi"
	"golang.org/x/text/unicode/norm"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// CheckText compares a text without structure (the receipt PDF as
// pdftotext extracts it) with the expected answers: every answer must be
// there. Whitespace is ignored (lines wrap anywhere); characters outside
// Latin, Greek and Cyrillic may come out as a visible substitute, never as
// nothing; answers that are short or ambiguous (yes/no, choices, dates,
// numbers) must follow their field's label.
func CheckText(rep string, a *Application, text string) []Disagreement {
	text = norm.NFC.String(text)
	hay := strings.Join(strings.Fields(pageFurniture.ReplaceAllString(withoutRTL(text), "")), "")
	hayLetters, hayRTL := ltrLetters(hay), rtlLetters(text)
	var out []Disagreement
	for _, l := range a.Expected {
		if l.Field.Type == procedure.Declaration {
			continue // a consent shows as its (long) label at most
		}
		found := false
		for _, alt := range l.shownText() {
			alt = norm.NFC.String(alt) // the PDF sets text composed; canonically equivalent text looks the same
			re, target := textPattern(withoutRTL(alt)), hay
			if hasRTL(alt) {
				// pdftotext guesses the logical order of a line laid out
				// in visual order: it reverses a right-to-left run
				// together with the neutral characters after it (spaces,
				// punctuation, emoji, characters outside the BMP) up to
				// the next left-to-right letter. Compare what it keeps
				// in order: the left-to-right letters of the BMP, and the
				// right-to-left letters (see rtlInOrder)
				parts := strings.Split(alt, ".*")
				for i, p := range parts {
					parts[i] = regexp.QuoteMeta(ltrLetters(p))
				}
				re, target = strings.Join(parts, ".*"), hayLetters
				if !rtlInOrder(alt, hayRTL) {
					continue
				}
			}
			if anchored(l) {
				re = withLabel(l.Label, re)
			}
			if regexp.MustCompile(`(?i)` + re).MatchString(target) {
				found = true
				break
			}
		}
		if !found {
			out = append(out, Disagreement{App: a, Rep: rep, Path: l.Path, Label: l.Label, Type: l.Field.Type, Want: l.display(), Got: "not in the text"})
		}
	}
	return out
}

// pageFurniture is what a page break puts between a label and its value,
// or into a long value: the footer (the authority's name, then "Seite x
// von y") and the form feed.
var pageFurniture = regexp.MustCompile(`(?m)(?:^.*\n\n)?^Seite [0-9]+ von [0-9]+$|\f`)

// withLabel requires the value pattern next to the field's label: after
// it, or — where the label wraps over several lines beside the value —
// between two of its words.
func withLabel(label, value string) string {
	words := strings.Fields(label)
	alts := make([]string, 0, len(words)+1)
	for k := len(words); k >= 1; k-- {
		rest := regexp.QuoteMeta(strings.Join(words[k:], ""))
		if rest != "" {
			rest = `(?:€|EUR|[\pL²³]{1,3})?` + rest // a unit after the value
		}
		alts = append(alts, hyphen(regexp.QuoteMeta(strings.Join(words[:k], "")))+`:?`+value+hyphen(rest))
	}
	return "(?:" + strings.Join(alts, "|") + ")"
}

// withoutRTL drops right-to-left letters (Hebrew, Arabic) and the marks
// pdftotext puts around right-to-left runs (U+202B or U+202E before,
// U+202C after). The renderer lays such runs out in visual order within a
// line, and where they mix with left-to-right text on one line pdftotext's
// reading order is not the entered order, so running text is compared
// without them; the structured representations (API, FIT-Connect) still
// compare them exactly, and the renderer's own tests check the order.
func withoutRTL(text string) string {
	return strings.Map(func(r rune) rune {
		if unicode.In(r, unicode.Hebrew, unicode.Arabic) || r >= '\u202a' && r <= '\u202e' ||
			r >= '\u2066' && r <= '\u2069' || r == '\u200e' || r == '\u200f' {
			return -1
		}
		return r
	}, text)
}

// shownText are the display forms to look for in running text; a place
// shows its name.
func (l Leaf) shownText() []string {
	switch v := l.Value.(type) {
	case []File:
		var out []string
		for _, f := range v {
			out = append(out, f.Name)
		}
		return []string{strings.Join(out, ".*")}
	case map[string]any:
		return []string{fmt.Sprintf("%s%s.*%s%s", v["street"], v["number"], v["postal_code"], v["place"])}
	case string:
		if l.Field.Type == procedure.Place && l.PlaceName != "" {
			return []string{l.PlaceName}
		}
		if l.Field.Type == procedure.LongText || l.Field.Type == procedure.IBAN {
			return []string{v}
		}
	}
	return l.shown()
}

// anchored reports whether an answer is too short or too common to be
// found without its label.
func anchored(l Leaf) bool {
	switch l.Field.Type {
	case procedure.YesNo, procedure.SingleChoice, procedure.MultipleChoice, procedure.Date,
		procedure.Integer, procedure.Decimal, procedure.Money:
		return true
	}
	return false
}

// textPattern turns a display form into a pattern over whitespace-free
// text: covered scripts literally; a run of other characters (between
// blanks or covered ones) as itself or a visible substitute (any
// character that is no letter or digit), at least one, at most one per
// character — so a substitute passes and a silent drop does not;
// combining marks and format characters are optional; a hyphen is
// optional too, since pdftotext drops the one a line breaks after
// ("Mecklenburg-" / "Vorpommern" comes back as "MecklenburgVorpommern").
// ".*" (from shownText) stays a gap.
func textPattern(s string) string {
	var b strings.Builder
	for i, part := range strings.Split(s, ".*") {
		if i > 0 {
			b.WriteString(".*?")
		}
		var run []rune
		flush := func() {
			if len(run) > 0 {
				fmt.Fprintf(&b, `(?:(?:[%s]|[^\pL\pN])\pM?){1,%d}`, regexp.QuoteMeta(string(run)), len(run))
				run = run[:0]
			}
		}
		for _, r := range part {
			switch {
			case unicode.IsSpace(r):
				flush()
			case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
				if len(run) == 0 {
					fmt.Fprintf(&b, `%s?`, regexp.QuoteMeta(string(r)))
				} else {
					run = append(run, r) // a joiner inside an emoji sequence comes back as itself
				}
			case covered(r):
				flush()
				b.WriteString(hyphen(regexp.QuoteMeta(string(r))))
			default:
				run = append(run, r)
			}
		}
		flush()
	}
	return b.String()
}

// covered reports whether the PDF fonts must have a real glyph for r:
// Latin, Greek, Cyrillic, digits and common punctuation.
func covered(r rune) bool {
	return r < 0x250 || unicode.In(r, unicode.Greek, unicode.Cyrillic) || r == '€' || r == '–' || r == '›'
}

// CheckData compares structured answers (the API's submission data, the
// FIT-Connect payload) with the expected ones field by field: texts
// exactly, numbers as exact decimals (a JSON number or a decimal string),
// dates ISO, yes/no as booleans, choices as option values, places as ARS,
// files by name. Hidden or unknown fields must not be there.
func CheckData(rep string, a *Application, data map[string]any) []Disagreement {
	var out []Disagreement
	for _, l := range a.Expected {
		got, ok := at(data, l.Path)
		if !ok {
			out = append(out, Disagreement{App: a, Rep: rep, Path: l.Path, Label: l.Label, Type: l.Field.Type, Want: l.canonical(), Got: "missing"})
			continue
		}
		if !l.sameData(got) {
			out = append(out, Disagreement{App: a, Rep: rep, Path: l.Path, Label: l.Label, Type: l.Field.Type, Want: l.canonical(), Got: jsonText(got)})
		}
	}
	for k, v := range data {
		if _, want := a.Values[k]; !want && !empty(v) {
			out = append(out, Disagreement{App: a, Rep: rep, Path: k, Want: "no such answer (hidden or never entered)", Got: jsonText(v)})
		}
	}
	return out
}

// empty reports whether v holds no answer (an empty group, list or text).
func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	case string:
		return x == ""
	}
	return false
}

// DecodeData decodes JSON answers keeping numbers exact.
func DecodeData(raw []byte) (map[string]any, error) {
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	var m map[string]any
	err := dec.Decode(&m)
	return m, err
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return quote(string(b))
}

// canonical is the expected value for messages.
func (l Leaf) canonical() string {
	switch v := l.Value.(type) {
	case []File:
		var names []string
		for _, f := range v {
			names = append(names, f.Name)
		}
		return fmt.Sprintf("files %q", names)
	}
	return jsonText(l.Value)
}

// at finds the value at a path ("kinder[1].name") in answers.
func at(data map[string]any, path string) (any, bool) {
	var cur any = data
	for _, seg := range procedure.ParsePath(path) {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = m[seg.ID]; !ok {
			return nil, false
		}
		if seg.Index >= 0 {
			list, ok := cur.([]any)
			if !ok || seg.Index >= len(list) {
				return nil, false
			}
			cur = list[seg.Index]
		}
	}
	return cur, true
}

// sameData compares a structured value with the leaf's.
func (l Leaf) sameData(got any) bool {
	switch v := l.Value.(type) {
	case bool:
		return got == v
	case []string:
		list, ok := got.([]any)
		if !ok || len(list) != len(v) {
			return false
		}
		for i := range v {
			if list[i] != v[i] {
				return false
			}
		}
		return true
	case []File:
		list, ok := got.([]any)
		if !ok || len(list) != len(v) {
			return false
		}
		for i, f := range v {
			m, _ := list[i].(map[string]any)
			if m["name"] != f.Name {
				return false
			}
		}
		return true
	case map[string]any:
		m, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, want := range v {
			if m[k] != want {
				return false
			}
		}
		return true
	case string:
		switch l.Field.Type {
		case procedure.Integer, procedure.Decimal, procedure.Money:
			return exactNumber(got, v)
		case procedure.Place:
			if m, ok := got.(map[string]any); ok {
				return m["ars"] == v
			}
		}
		return got == v
	}
	return false
}

// exactNumber compares a JSON number or decimal string with want exactly.
func exactNumber(got any, want string) bool {
	var s string
	switch x := got.(type) {
	case json.Number:
		s = x.String()
	case string:
		s = x
	default:
		return false
	}
	g, ok1 := new(big.Rat).SetString(s)
	w, ok2 := new(big.Rat).SetString(want)
	return ok1 && ok2 && g.Cmp(w) == 0
}

// hyphen makes the hyphens of a quoted label optional: pdftotext drops a
// hyphen that ends a line (a label broken after "Fahrzeug-").
func hyphen(quoted string) string { return strings.ReplaceAll(quoted, "-", "-?") }

// hasRTL reports whether s holds a right-to-left letter.
func hasRTL(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.In(r, unicode.Hebrew, unicode.Arabic) }) >= 0
}

// ltrLetters keeps the left-to-right letters and combining marks of the
// Basic Multilingual Plane (Latin, Greek, Cyrillic, CJK, Kana, Hangul …),
// which keep their order in pdftotext's reading of a mixed line; digits
// next to a right-to-left run change sides with it.
func ltrLetters(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x10000 && !isRTL(r) && (unicode.IsLetter(r) || unicode.Is(unicode.Mn, r)) {
			return r
		}
		return -1
	}, s)
}

// rtlLetters keeps the right-to-left letters (Hebrew, Arabic).
func rtlLetters(s string) string {
	return strings.Map(func(r rune) rune {
		if isRTL(r) && unicode.IsLetter(r) {
			return r
		}
		return -1
	}, s)
}

func isRTL(r rune) bool { return unicode.In(r, unicode.Hebrew, unicode.Arabic) }

// rtlInOrder reports whether the right-to-left letters of want are in
// the text's (haveRTL, its right-to-left letters) as pdftotext reads
// them. pdftotext reverses a run from a right-to-left letter up to the
// next left-to-right letter, digit or number sign (% # + - , . / : € …) of
// the BMP and outputs such runs in the order of the page, so right-to-left
// letters between two left-to-right letters of the BMP come in order
// unless a digit or number sign splits them, or a left-to-right letter
// outside the BMP (Gothic 𐍈, Multani 𑊈, a flag's regional indicators),
// which it takes for neutral: then they may come in any order. Package
// pdf's tests compare such lines in the order of the page.
func rtlInOrder(want string, haveRTL string) bool {
	var groups []rtlGroup
	open := false
	for _, r := range want {
		switch {
		case isRTL(r) && unicode.IsLetter(r):
			if !open {
				groups = append(groups, rtlGroup{})
			}
			groups[len(groups)-1].letters = append(groups[len(groups)-1].letters, r)
			open = true
		case r < 0x10000 && unicode.IsLetter(r):
			open = false
		case open && (unicode.IsLetter(r) || r >= 0x1F1E6 && r <= 0x1F1FF || numberSign(r)):
			groups[len(groups)-1].loose = true
		}
	}
	have := []rune(haveRTL)
	n := 0
	for _, g := range groups {
		n += len(g.letters)
	}
	for at := 0; at+n <= len(have); at++ {
		if sameGroups(groups, have[at:at+n]) {
			return true
		}
	}
	return false
}

// rtlGroup are right-to-left letters pdftotext gives in this order, or
// in any order when loose.
type rtlGroup struct {
	letters []rune
	loose   bool
}

// sameGroups reports whether have is the groups one after another.
func sameGroups(groups []rtlGroup, have []rune) bool {
	for _, g := range groups {
		a, b := slices.Clone(g.letters), slices.Clone(have[:len(g.letters)])
		if g.loose {
			slices.Sort(a)
			slices.Sort(b)
		}
		if !slices.Equal(a, b) {
			return false
		}
		have = have[len(g.letters):]
	}
	return true
}

// numberSign reports whether pdftotext takes r for part of a number:
// the bidirectional classes of digits and their separators and signs.
func numberSign(r rune) bool {
	p, _ := bidi.LookupRune(r)
	switch p.Class() {
	case bidi.EN, bidi.AN, bidi.ET, bidi.ES, bidi.CS:
		return true
	}
	return false
}
