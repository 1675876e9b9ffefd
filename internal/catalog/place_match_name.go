package catalog

import "math/bits"

// matchEntry returns the best tier at which one of e's names matches in.
func matchEntry(e *placeEntry, in placeInput) PlaceMatch {
	best := noMatch
	for _, k := range e.keys {
		best = min(best, matchKeys(k, in))
		if best == PlaceExact {
			break
		}
	}
	return best
}

// matchKeys compares one name's keys with the input's; the tiers are
// those of PlaceMatch. A postal place name is no official name, so it
// matches at best as PlaceStripped.
func matchKeys(k placeKeys, in placeInput) PlaceMatch {
	switch {
	case same(k.full, in.full) && k.official:
		return PlaceExact
	case same(k.full, in.full), same(in.full, k.core) || same(in.full, k.stem) || same(in.full, k.bare),
		same(in.stem, k.full) || same(in.stem, k.stem):
		return PlaceStripped
	case startsWith(k.full, in.full) || startsWith(k.stem, in.full),
		len(in.stem) >= 3 && startsWith(k.stem, in.stem):
		return PlacePrefix
	case typo(k.fullR, k.fullMask, in) || typo(k.coreR, k.coreMask, in):
		return PlaceTypo
	}
	return noMatch
}

// same and startsWith are == and strings.HasPrefix that look at the
// first byte before comparing memory: most of the ~13,000 names differ
// there, and the lookup compares each several times.
func same(a, b string) bool {
	return len(a) == len(b) && (a == "" || a[0] == b[0]) && a == b
}

func startsWith(s, prefix string) bool {
	return len(s) >= len(prefix) && (prefix == "" || s[0] == prefix[0]) && s[:len(prefix)] == prefix
}

// typo reports whether name is within the edit distance the input's
// length allows: 1 from 5 letters, 2 from 9.
// The letter masks rule most names out first: one edit changes at most
// two bits of the mask.
func typo(name []rune, mask uint64, in placeInput) bool {
	k := 0
	switch {
	case len(in.fullR) >= 9:
		k = 2
	case len(in.fullR) >= 5:
		k = 1
	default:
		return false
	}
	return bits.OnesCount64(mask^in.fullMask) <= 2*k && withinDistance(name, in.fullR, k)
}

// letterMask has a bit for each letter a–z and digit in s, and one for
// anything else.
func letterMask(s []rune) uint64 {
	var m uint64
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			m |= 1 << (r - 'a')
		case r >= '0' && r <= '9':
			m |= 1 << (26 + r - '0')
		default:
			m |= 1 << 63
		}
	}
	return m
}

// withinDistance reports whether the optimal string alignment distance
// (Levenshtein plus swapping two neighbours, "Dresdne" → "Dresden") of a
// and b is at most k. It gives up early once every cell of a row exceeds
// k, and never allocates: names longer than 63 letters do not match.
func withinDistance(a, b []rune, k int) bool {
	if len(a)-len(b) > k || len(b)-len(a) > k || len(a) > 63 || len(b) > 63 {
		return false
	}
	var rows [3][64]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := range len(b) + 1 {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		low := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d = min(d, prev2[j-2]+1)
			}
			cur[j] = d
			low = min(low, d)
		}
		if low > k {
			return false
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)] <= k
}
