package search

import (
	"maps"
	"slices"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// fuzzyFields are the fields a query word is matched in by a near
// spelling (Tippfehlertoleranz): names and synonyms.
var fuzzyFields = fieldBoost[:2]

// fuzzyFieldsEn are the English side's names and synonyms.
var fuzzyFieldsEn = englishFields[:2]

// nearTerms is the term dictionary of one field, grouped by first letter,
// in which near spellings of a query word are looked up. It replaces
// bleve's fuzzy query, which builds a Levenshtein automaton for every
// query word (a third of a long query's cost) and walks every segment's
// dictionary with it; the matches and their scores are the same: edit
// distance with transpositions, first letter fixed, each term boosted by
// 1/(distance+1). It is immutable; Upsert stores a copy with new terms.
type nearTerms map[string][]string

// fuzzyTables holds one nearTerms per fuzzy field.
type fuzzyTables map[string]nearTerms

// readFuzzyTables reads the name and synonym dictionaries of idx.
func readFuzzyTables(idx bleve.Index) (fuzzyTables, error) {
	t := make(fuzzyTables, len(fuzzyFields)+len(fuzzyFieldsEn))
	for _, fb := range append(fuzzyFields[:2:2], fuzzyFieldsEn...) {
		d, err := idx.FieldDict(fb.field)
		if err != nil {
			return nil, err
		}
		n := make(nearTerms)
		for e, err := d.Next(); e != nil || err != nil; e, err = d.Next() {
			if err != nil {
				_ = d.Close()
				return nil, err
			}
			n.add(e.Term)
		}
		if err := d.Close(); err != nil {
			return nil, err
		}
		t[fb.field] = n
	}
	return t, nil
}

// with returns a copy of t that also holds the terms of d's name and
// synonyms, analysed as the index analyses them.
func (t fuzzyTables) with(d Doc, analyze func(field, text string) []word) fuzzyTables {
	out := make(fuzzyTables, len(t))
	for field, n := range t {
		n = maps.Clone(n)
		for _, text := range fuzzyTexts(d, field) {
			for _, w := range analyze(field, text) {
				for _, term := range append([]string{w.stem}, w.parts...) {
					n.addNew(term)
				}
			}
		}
		out[field] = n
	}
	return out
}

// fuzzyTexts are the texts of d indexed in a fuzzy field.
func fuzzyTexts(d Doc, field string) []string {
	switch field {
	case fieldName:
		return []string{d.Name}
	case fieldSynonyms:
		return append([]string{d.Name}, d.Synonyms...)
	case fieldNameEn:
		return []string{d.English.Name}
	case fieldSynonymsEn:
		return append([]string{d.English.Name}, d.English.Synonyms...)
	}
	return nil
}

func (n nearTerms) add(term string) {
	f := firstLetter(term)
	n[f] = append(n[f], term)
}

// addNew adds term unless present, copying the group it changes.
func (n nearTerms) addNew(term string) {
	f := firstLetter(term)
	if slices.Contains(n[f], term) {
		return
	}
	n[f] = append(slices.Clip(n[f]), term)
}

// near returns the terms within edit distance fz of stem that share its
// first letter, with their distances.
func (n nearTerms) near(stem string, fz int) (terms []string, dist []int) {
	size := utf8.RuneCountInString(stem)
	for _, t := range n[firstLetter(stem)] {
		if m := utf8.RuneCountInString(t); m-size > fz || size-m > fz {
			continue
		}
		if d := osaDistance(stem, t, fz); d <= fz {
			terms, dist = append(terms, t), append(dist, d)
		}
	}
	return terms, dist
}

func firstLetter(s string) string {
	_, n := utf8.DecodeRuneInString(s)
	return s[:n]
}

// fuzzyQuery matches stem by its near spellings in field; a stem without
// any is a term query that matches nothing but, like bleve's own fuzzy
// query, still counts as an alternative of its word.
func (s *snapshot) fuzzyQuery(stem, field string, fz int, boost float64) query.Query {
	terms, dist := s.view.Load().near[field].near(stem, fz)
	if len(terms) == 0 {
		return term(stem, field, boost)
	}
	alts := make([]query.Query, len(terms))
	for i, t := range terms {
		alts[i] = term(t, field, boost/float64(dist[i]+1))
	}
	return query.NewDisjunctionQuery(alts)
}
