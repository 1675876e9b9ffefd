package catalog

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// PlaceMatch is how a place matched the input (Trefferart); a lower value
// ranks higher.
type PlaceMatch int

// The tiers of the ranking, best first.
const (
	// PlaceExact: the official name or a postal place name as typed (case,
	// umlauts, "St."/"Sankt", hyphens and spaces folded), or the postal code.
	PlaceExact PlaceMatch = iota
	// PlaceStripped: the same name once designations and qualifiers are
	// left out on either side ("Kurort Oybin" ↔ "Oybin", "Neustadt" ↔
	// "Neustadt a.d.Waldnaab").
	PlaceStripped
	// PlacePrefix: the name (or its core, or a postal code) starts with
	// the input.
	PlacePrefix
	// PlaceTypo: the name is within edit distance 1 of the input (5 or more
	// letters) or 2 (9 or more letters): "Dresdn" → Dresden.
	PlaceTypo
	noMatch
)

// MaxPlaceInput bounds the length of a place input in characters.
const MaxPlaceInput = 100

// match returns up to limit places matching input, ranked by tier, then
// larger places first, then by label. Fewer than two letters or digits,
// or more than MaxPlaceInput characters, are fault.Invalid; no match is
// fault.NotFound.
func (idx *placeIndex) match(input string, limit int) ([]Place, error) {
	input = strings.TrimSpace(input)
	if n := utf8.RuneCountInString(input); n > MaxPlaceInput || len(placeKey(input)) < 2 {
		return nil, fault.New(fault.Invalid, "type at least two letters of the place name or a postal code")
	}
	code, rest := splitPostcode(input)
	var found []placeHit
	switch {
	case code != "" && rest == "":
		found = idx.byCode(code)
	case code != "":
		found = idx.byName(parsePlaceInput(rest, idx.designations), idx.byPostcode[code])
		if len(found) == 0 {
			found = idx.byName(parsePlaceInput(rest, idx.designations), nil)
		}
	default:
		found = idx.byName(parsePlaceInput(input, idx.designations), nil)
	}
	if len(found) == 0 {
		return nil, fault.New(fault.NotFound, "no place matches %q", input)
	}
	idx.rank(found)
	out := make([]Place, 0, min(len(found), limit))
	for _, h := range found[:min(len(found), limit)] {
		p := idx.places[h.i].Place
		p.Match = h.m
		out = append(out, p)
	}
	return out, nil
}

// placeHit is a match before ranking: the index of the place and its tier.
type placeHit struct {
	i int
	m PlaceMatch
}

// splitPostcode takes a leading postal code (or, alone, the first two to
// five digits of one) off input: "01067 Dresden" → "01067", "Dresden".
func splitPostcode(input string) (code, rest string) {
	digits := len(input) - len(strings.TrimLeft(input, "0123456789"))
	rest = strings.TrimSpace(input[digits:])
	if digits == 5 || digits >= 2 && digits < 5 && rest == "" {
		return input[:digits], rest
	}
	return "", input
}

// byCode returns the places with the postal code, or, for two to four
// digits, with a postal code starting so.
func (idx *placeIndex) byCode(code string) []placeHit {
	var out []placeHit
	if len(code) == 5 {
		for _, i := range idx.byPostcode[code] {
			out = append(out, placeHit{i, PlaceExact})
		}
		return out
	}
	for i := range idx.places {
		for _, c := range idx.places[i].Postcodes {
			if strings.HasPrefix(c, code) {
				out = append(out, placeHit{i, PlacePrefix})
				break
			}
		}
	}
	return out
}

// byName returns the places among only (all when nil) that match in;
// the input's filters narrow the result unless none would be left.
func (idx *placeIndex) byName(in placeInput, only []int) []placeHit {
	var all, filtered []placeHit
	visit := func(i int) {
		e := &idx.places[i]
		m := matchEntry(e, in)
		if m == noMatch {
			return
		}
		all = append(all, placeHit{i, m})
		if len(in.filters) > 0 && containsAll(e.label, in.filters) {
			filtered = append(filtered, placeHit{i, m})
		}
	}
	if only != nil {
		for _, i := range only {
			visit(i)
		}
	} else {
		for i := range idx.places {
			visit(i)
		}
	}
	if len(filtered) > 0 {
		return filtered
	}
	return all
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// rank sorts hits by tier, then larger places first, then by label.
func (idx *placeIndex) rank(hits []placeHit) {
	slices.SortFunc(hits, func(x, y placeHit) int {
		a, b := &idx.places[x.i], &idx.places[y.i]
		return cmp.Or(cmp.Compare(x.m, y.m), cmp.Compare(b.Population, a.Population),
			strings.Compare(a.Label, b.Label), strings.Compare(a.ARS, b.ARS))
	})
}
