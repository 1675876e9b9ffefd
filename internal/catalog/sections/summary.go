package sections

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// maxSummary bounds a one-line summary, in characters.
const maxSummary = 180

// Summary is the one-line summary of service s in a list of search
// results (Kurzbeschreibung): the catalog's teaser (XZuFi 24, written for
// lists), else the first sentence of the description section chosen by
// the same rule as the page (Of), or the LeiKa line; always plain text;
// ok is false when there is nothing to say.
func Summary(s catalog.Service, def *procedure.Definition, lang string) (Line, bool) {
	t := texts{s: s, def: def, lang: lang}
	sec := t.pick(What, catalog.SectionTeaser, nil)
	if sec.Lines == nil || (sec.Lines[0].Lang != lang && t.hasOwn(catalog.SectionSummary, lang)) {
		sec = t.what()
	}
	if sec.Lines == nil {
		return Line{}, false
	}
	l := sec.Lines[0]
	if l.HTML {
		l.Text, l.HTML = catalog.PlainText(l.Text), false
	}
	if l.Key == "" {
		l.Text = FirstSentence(l.Text, maxSummary)
	}
	return l, true
}

// hasOwn reports whether the service has its own text of section in lang.
func (t texts) hasOwn(section, lang string) bool {
	_, ok := t.own(section, lang)
	return ok
}

// abbreviations end with a full stop without ending a sentence.
var abbreviations = map[string]bool{
	"z.": true, "b.": true, "bzw.": true, "abs.": true, "nr.": true, "ggf.": true, "u.": true,
	"a.": true, "i.": true, "d.": true, "r.": true, "vgl.": true, "sog.": true, "ca.": true,
	"st.": true, "art.": true, "s.": true, "e.": true, "v.": true, "dr.": true, "e.g.": true,
	"i.e.": true, "etc.": true, "no.": true, "sec.": true, "para.": true, "usw.": true, "inkl.": true,
}

// FirstSentence returns the first sentence of text — up to a full stop,
// question or exclamation mark that is followed by a blank and an upper
// case letter and does not end an abbreviation or a number — cut
// at a word to at most limit characters with "…".
func FirstSentence(text string, limit int) string {
	text = strings.Join(strings.Fields(text), " ")
	words := strings.Split(text, " ")
	for i, w := range words[:max(len(words)-1, 0)] {
		if endsSentence(w, words[i+1]) {
			text = strings.Join(words[:i+1], " ")
			break
		}
	}
	return shorten(text, limit)
}

// endsSentence reports whether word w, followed by next, ends a sentence.
func endsSentence(w, next string) bool {
	last, _ := utf8.DecodeLastRuneInString(w)
	if last != '.' && last != '!' && last != '?' {
		return false
	}
	first, _ := utf8.DecodeRuneInString(next)
	if !unicode.IsUpper(first) {
		return false
	}
	if last != '.' {
		return true
	}
	core := strings.TrimLeft(strings.ToLower(w), "(„\"'")
	if abbreviations[core] || len([]rune(core)) <= 2 {
		return false // "z.", "1.", "a."
	}
	return true
}

// shorten cuts s at a word to at most limit characters, ending with "…".
func shorten(s string, limit int) string {
	if utf8.RuneCountInString(s) <= limit {
		return s
	}
	r := []rune(s)[:limit-1]
	cut := string(r)
	if i := strings.LastIndex(cut, " "); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:–-") + "…"
}
