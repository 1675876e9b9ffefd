package proceduretest

import (
	"math/rand/v2"
	"regexp/syntax"
	"strings"
	"unicode/utf8"
)

// scripts are the kinds of characters texts are made of: every Unicode
// plane a citizen's name or street can reach, in pieces that are already in
// NFC (the portal may normalize, so a piece must stay itself).
var scripts = [][]string{
	{"a", "b", "e", "k", "m", "r", "s", "t", "ä", "ö", "ü", "ß", "Ä", "é", "ł", "ñ", "ç", "ğ", "ő", "ř"},
	{"Ж", "д", "ё", "Щ", "ю", "ї", "Ґ", "я"}, // Cyrillic
	{"Ω", "λ", "ά", "ξ"},                                   // Greek
	{"漢", "字", "東", "京", "한", "글", "か", "ナ"},               // CJK, Hangul, Kana
	{"😀", "🏠", "👩\u200d👩\u200d👧", "🇩🇪", "🦄", "🎉"},          // emoji (outside the BMP, ZWJ, flags)
	{"𠀋", "𝔄", "𐍈", "𓀀"},                                   // other astral planes
	{"x\u0301", "q\u0303", "ʃ\u0308", "ɛ\u0323"},           // combining marks with no precomposed form
	{"ש", "ל", "ו", "ם", "م", "ر", "ح", "ب", "ا"},          // right to left
	{"<", ">", "&", "\"", "'", "%", "\\", "{{", "}}", "ǅ"}, // markup and template characters
}

// text returns a one-line text of exactly n characters (runes) from all
// scripts; spaces never lead or trail, never double.
func (g *gen) text(n int) string {
	var b strings.Builder
	count := 0
	for count < n {
		if count > 0 && count < n-1 && g.r.IntN(6) == 0 && !strings.HasSuffix(b.String(), " ") {
			b.WriteByte(' ')
			count++
			continue
		}
		pool := scripts[g.r.IntN(len(scripts))]
		piece := pool[g.r.IntN(len(pool))]
		if c := utf8.RuneCountInString(piece); c > n-count || (count == 0 && strings.HasPrefix(piece, "x\u0301")) {
			piece = "ä"
		}
		b.WriteString(piece)
		count += utf8.RuneCountInString(piece)
	}
	return b.String()
}

// pick returns one of list.
func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// fromPattern returns a string the regular expression matches, or ok
// false when it uses what the generator does not know.
func fromPattern(r *rand.Rand, pattern string) (string, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	ok := emit(r, re.Simplify(), &b)
	return b.String(), ok
}

func emit(r *rand.Rand, re *syntax.Regexp, b *strings.Builder) bool {
	switch re.Op {
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		if len(re.Rune) < 2 {
			return false
		}
		i := r.IntN(len(re.Rune)/2) * 2
		lo, hi := re.Rune[i], min(re.Rune[i+1], re.Rune[i]+200)
		b.WriteRune(lo + rune(r.IntN(int(hi-lo)+1)))
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteRune(pick(r, []rune("aZ7ÄЖ漢")))
	case syntax.OpCapture:
		return emit(r, re.Sub[0], b)
	case syntax.OpConcat:
		for _, s := range re.Sub {
			if !emit(r, s, b) {
				return false
			}
		}
	case syntax.OpAlternate:
		return emit(r, re.Sub[r.IntN(len(re.Sub))], b)
	case syntax.OpQuest, syntax.OpStar, syntax.OpPlus, syntax.OpRepeat:
		lo, hi := re.Min, re.Max
		switch re.Op {
		case syntax.OpQuest:
			lo, hi = 0, 1
		case syntax.OpStar:
			lo, hi = 0, 3
		case syntax.OpPlus:
			lo, hi = 1, 4
		}
		if hi < 0 {
			hi = lo + 3
		}
		for range lo + r.IntN(hi-lo+1) {
			if !emit(r, re.Sub[0], b) {
				return false
			}
		}
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText:
	default:
		return false
	}
	return true
}
