package search

import (
	"strings"
)

// didYouMean replaces each query word that no service name contains by
// the closest name word (optimal string alignment distance up to a third
// of its length, at most 3; more frequent words win ties). It returns ""
// if nothing changed.
func (s *snapshot) didYouMean(text string) string {
	v := s.view.Load()
	changed := false
	var out []string
	for _, w := range strings.Fields(text) {
		folded := s.fold.words(w)
		if len(folded) != 1 || v.vocab[folded[0]] > 0 || s.fold.isStop(folded[0]) {
			out = append(out, w)
			continue
		}
		if best := closest(folded[0], v.vocab, v.byLen); best != "" {
			out, changed = append(out, best), true
			continue
		}
		out = append(out, w)
	}
	if !changed {
		return ""
	}
	return strings.Join(out, " ")
}

// closest returns the vocabulary word nearest to w, or "". Only words
// of a length within the distance limit are compared (byLen groups the
// vocabulary by length in runes).
func closest(w string, vocab map[string]int, byLen map[int][]string) string {
	rw := []rune(w)
	n := len(rw)
	limit := min(3, max(1, n/3))
	best, bestDist, bestCount := "", limit+1, 0
	var rows osaRows
	for m := n - limit; m <= n+limit; m++ {
		for _, cand := range byLen[m] {
			d := rows.distance(rw, []rune(cand), limit)
			if d > limit {
				continue
			}
			count := vocab[cand]
			if d < bestDist || (d == bestDist && (count > bestCount || count == bestCount && cand < best)) {
				best, bestDist, bestCount = cand, d, count
			}
		}
	}
	return best
}

// osaDistance is the optimal string alignment distance between a and b
// (Levenshtein plus adjacent transpositions), or limit+1 once it must
// exceed limit.
func osaDistance(a, b string, limit int) int {
	var rows osaRows
	return rows.distance([]rune(a), []rune(b), limit)
}

// osaRows are the three rows of the distance table, reused between
// comparisons.
type osaRows struct{ prev2, prev, cur []int }

func (o *osaRows) distance(ra, rb []rune, limit int) int {
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	if cap(o.cur) < len(rb)+1 {
		o.prev2, o.prev, o.cur = make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)
	}
	prev2, prev, cur := o.prev2[:len(rb)+1], o.prev[:len(rb)+1], o.cur[:len(rb)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(rb)], limit+1)
}
