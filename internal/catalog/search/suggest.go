package search

import (
	"sort"
	"strings"
)

// maxSuggestScan bounds the name words Suggest looks at, so that a one-
// or two-letter prefix costs no more than a specific one; such prefixes
// then see the alphabetically first words only.
const maxSuggestScan = 4096

// Suggest returns up to n service names for what the user has typed so
// far: the last word of prefix is matched as the beginning of any word of
// a name, earlier words must begin words of the same name. Names that
// begin with the whole prefix come first, then by popularity, shorter
// first. Umlauts fold as in Search ("fuehr", "führ" and "fuhr" agree).
func (x *Index) Suggest(prefix string, n int) []string {
	s := x.acquire()
	defer s.release()
	words := s.fold.words(prefix)
	if len(words) == 0 || n <= 0 {
		return nil
	}
	v := s.view.Load()
	last, earlier := words[len(words)-1], words[:len(words)-1]
	full := strings.Join(words, " ")
	lo := sort.Search(len(v.keys), func(i int) bool { return v.keys[i].word >= last })
	var picked []suggestion
	seen := make(map[int32]bool)
	for i := lo; i < len(v.keys) && i-lo < maxSuggestScan && strings.HasPrefix(v.keys[i].word, last); i++ {
		k := v.keys[i]
		if seen[k.name] {
			continue
		}
		seen[k.name] = true
		e := v.names[k.name]
		if !hasWordPrefixes(e.folded, earlier) {
			continue
		}
		picked = keepBest(picked, suggestion{e, strings.HasPrefix(e.folded, full)}, n)
	}
	out := make([]string, len(picked))
	for i, p := range picked {
		out[i] = p.name
	}
	return out
}

// suggestion is a candidate name and whether it starts with the prefix.
type suggestion struct {
	entry
	starts bool
}

func (a suggestion) before(b suggestion) bool {
	if a.starts != b.starts {
		return a.starts
	}
	if a.pop != b.pop {
		return a.pop > b.pop
	}
	if len(a.name) != len(b.name) {
		return len(a.name) < len(b.name)
	}
	return a.name < b.name
}

// keepBest inserts c into the sorted top-n list best.
func keepBest(best []suggestion, c suggestion, n int) []suggestion {
	i := sort.Search(len(best), func(i int) bool { return c.before(best[i]) })
	if i >= n {
		return best
	}
	best = append(best, suggestion{})
	copy(best[i+1:], best[i:])
	best[i] = c
	if len(best) > n {
		best = best[:n]
	}
	return best
}

// hasWordPrefixes reports whether every one of prefixes begins some word
// of the space-separated folded text.
func hasWordPrefixes(folded string, prefixes []string) bool {
	for _, p := range prefixes {
		if !strings.HasPrefix(folded, p) && !strings.Contains(folded, " "+p) {
			return false
		}
	}
	return true
}
