package search

import (
	"strings"
	"unicode/utf8"
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
		if best := closest(folded[0], v.vocab); best != "" {
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

// closest returns the vocabulary word nearest to w, or "".
func closest(w string, vocab map[string]int) string {
	n := utf8.RuneCountInString(w)
	limit := min(3, max(1, n/3))
	best, bestDist, bestCount := "", limit+1, 0
	for cand, count := range vocab {
		m := utf8.RuneCountInString(cand)
		if m-n > limit || n-m > limit {
			continue
		}
		d := osaDistance(w, cand, limit)
		if d > limit {
			continue
		}
		if d < bestDist || (d == bestDist && (count > bestCount || count == bestCount && cand < best)) {
			best, bestDist, bestCount = cand, d, count
		}
	}
	return best
}

// osaDistance is the optimal string alignment distance between a and b
// (Levenshtein plus adjacent transpositions), or limit+1 once it must
// exceed limit.
func osaDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
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
