package search

import (
	"github.com/blevesearch/bleve/v2/search/query"
	"slices"
	"strings"
	"unicode/utf8"
)

// maxNearNames bounds the name words a misspelt query word is matched by.
const maxNearNames = 4

// nearNames returns the stems of the service-name words spelt nearly like
// a query word that no name contains, nearest first. The near spellings
// of fuzzyQuery compare stems, and a typo often breaks the stemming
// ("Einbürgerng" stems to "einburgerng", the name word "Einbürgerung" to
// "einburg", four edits apart); here the whole folded words are compared
// (same first letter, edit distance as in fuzziness) and the stems of the
// name words found are matched instead.
func (s *snapshot) nearNames(w word) (stems []string, dist []int) {
	folded := s.fold.words(w.surface)
	if len(folded) != 1 {
		return nil, nil
	}
	q := folded[0]
	fz := fuzziness(q)
	v := s.view.Load()
	if fz == 0 || v.vocab[q] > 0 {
		return nil, nil
	}
	type near struct {
		word string
		d    int
	}
	var found []near
	var rows osaRows
	rq, first := []rune(q), firstLetter(q)
	n := utf8.RuneCountInString(q)
	for m := n - fz; m <= n+fz; m++ {
		for _, cand := range v.byLen[m] {
			if !strings.HasPrefix(cand, first) {
				continue
			}
			if d := rows.distance(rq, []rune(cand), fz); d <= fz {
				found = append(found, near{cand, d})
			}
		}
	}
	slices.SortFunc(found, func(a, b near) int { return a.d - b.d })
	for _, f := range found[:min(len(found), maxNearNames)] {
		for _, aw := range s.analyze(f.word) {
			if aw.stem != w.stem && !slices.Contains(stems, aw.stem) {
				stems, dist = append(stems, aw.stem), append(dist, f.d)
			}
		}
	}
	return stems, dist
}

// nearNameQueries match a misspelt word by the name words nearest to it
// (nearNames), in names and synonyms, weighted like near spellings.
func (s *snapshot) nearNameQueries(w word) []query.Query {
	stems, dist := s.nearNames(w)
	var out []query.Query
	for i, st := range stems {
		for _, fb := range fuzzyFields {
			out = append(out, term(st, fb.field, fb.boost*boostFuzzy/float64(dist[i]+1)))
		}
	}
	return out
}
