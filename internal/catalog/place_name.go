package catalog

import (
	"strings"
	"unicode"
)

// Place names (Ortsnamen) as people type them differ from the official
// names of the municipality directory: GV-ISys writes designations after a
// comma ("Dresden, Stadt", "Jonsdorf, Kurort", "Neustadt a.d.Waldnaab, St"),
// some names carry one in front ("Bad Schandau", "Lutherstadt Wittenberg")
// and many a qualifier that tells twins apart ("Halle (Saale)", "Neustadt/
// Westerwald", "Frankfurt am Main"). People type "Kurort Oybin" for the
// official "Oybin", "Sankt" for "St.", "Goerlitz" for "Görlitz". The
// functions here reduce both sides to comparable keys; the rules that rank
// the matches are in place_match.go.

// placeNameBase returns the official name without the designations GV-ISys
// writes after a comma: "Dresden, Stadt" → "Dresden".
func placeNameBase(name string) string {
	base, _, _ := strings.Cut(name, ",")
	return strings.TrimSpace(base)
}

// placeKey folds a name for comparison: lower case, umlauts and ß as in
// fold, other accents dropped, punctuation and hyphens as single spaces,
// and "St." as "sankt": "St.-Georgen/ Schw." → "sankt georgen schw".
func placeKey(s string) string {
	words := placeWords(s)
	for i, w := range words {
		if w == "st" && i == 0 {
			words[i] = "sankt"
		}
	}
	return strings.Join(words, " ")
}

// placeWords splits the folded s into words at everything that is not a
// letter or digit.
func placeWords(s string) []string {
	s = accentReplacer.Replace(fold(s))
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// accentReplacer drops the accents fold keeps (Sorbian, French and Danish
// names in the directory): "Chóśebuz" and "Chosebuz" compare alike.
var accentReplacer = strings.NewReplacer("á", "a", "à", "a", "â", "a", "č", "c", "ć", "c", "ě", "e", "è", "e", "ê", "e",
	"í", "i", "ł", "l", "ń", "n", "ó", "o", "ř", "r", "ś", "s", "š", "s", "ź", "z", "ž", "z", "ø", "o", "å", "a")

// placePrefixes are designations written in front of a name that people
// may leave out or add: "Kurort Oybin" is Oybin, "Bad Schandau" is found
// as "Schandau".
var placePrefixes = map[string]bool{
	"bad": true, "kurort": true, "stadt": true, "gemeinde": true, "markt": true, "flecken": true,
	"hansestadt": true, "lutherstadt": true, "ostseebad": true, "nordseebad": true, "seebad": true,
}

// placeQualifiers start the part of a name that tells twins apart:
// "Neustadt a.d.Waldnaab", "Frankfurt am Main", "Neustadt in Sachsen".
var placeQualifiers = map[string]bool{
	"a": true, "am": true, "an": true, "b": true, "bei": true, "i": true, "im": true, "in": true,
	"ob": true, "o": true, "v": true, "vor": true, "auf": true, "u": true, "unter": true, "ot": true,
}

// placeForms are the keys of one name: in full, without its qualifier
// (core), without its designation in front (stem), and without both
// (bare). "Bad Neustadt a.d.Saale" → "bad neustadt a d saale", "bad
// neustadt", "neustadt a d saale", "neustadt"; "Halle (Saale)" → "halle
// saale", "halle", "halle saale", "halle". A name that is nothing but a
// designation keeps it ("Markt").
type placeForms struct{ full, core, stem, bare string }

func newPlaceForms(name string) placeForms {
	base := placeNameBase(name)
	words := placeWords(base)
	stem := words
	for len(stem) > 1 && placePrefixes[stem[0]] {
		stem = stem[1:]
	}
	cut := base
	if i := strings.IndexAny(base, "(/"); i > 0 {
		cut = base[:i]
	}
	core := placeWords(cut)
	for i := 1; i < len(core); i++ {
		if placeQualifiers[core[i]] {
			core = core[:i]
			break
		}
	}
	bare := core
	for len(bare) > 1 && placePrefixes[bare[0]] {
		bare = bare[1:]
	}
	return placeForms{full: placeKey(base), core: joinKey(core), stem: joinKey(stem), bare: joinKey(bare)}
}

// joinKey joins words as placeKey does.
func joinKey(words []string) string { return placeKey(strings.Join(words, " ")) }

// placeInput is what a person typed, taken apart: the name before the
// first comma, and the parts after it that are no designation ("Neustadt,
// Sachsen" → filter "sachsen"; "Dresden, Stadt" → no filter).
type placeInput struct {
	full, stem string
	fullR      []rune
	fullMask   uint64
	filters    []string
}

// parsePlaceInput takes s apart; designations are the comma parts of the
// official names (known holds them as keys). A filter is kept with a space
// on either side, to match whole words of a label key so framed.
func parsePlaceInput(s string, known map[string]bool) placeInput {
	parts := strings.Split(s, ",")
	f := newPlaceForms(parts[0])
	in := placeInput{full: f.full, stem: f.stem, fullR: []rune(f.full)}
	in.fullMask = letterMask(in.fullR)
	for _, p := range parts[1:] {
		if k := placeKey(p); k != "" && !known[k] {
			in.filters = append(in.filters, " "+k+" ")
		}
	}
	return in
}
