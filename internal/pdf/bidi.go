package pdf

import (
	"slices"
	"unicode/utf8"

	"golang.org/x/text/unicode/bidi"
)

// This file puts a line into visual order with the Unicode Bidirectional
// Algorithm (UAX #9) for the one case the documents have: a
// left-to-right paragraph without explicit embeddings (the format
// characters that would start one are not drawn). golang.org/x/text's
// bidi package gives the character classes; its Ordering is not used,
// because it resolves neutrals between a right-to-left and a
// left-to-right character to right-to-left (rule N1 says the paragraph's
// direction) and returns the runs of nested levels (numbers in Hebrew
// text) out of visual order.

// class is the bidirectional class of what a unit stands for: the
// character it draws, or for a substitute the first character it
// replaces (a CJK character is a strong left-to-right letter even when
// drawn as "�").
func class(u unit) bidi.Class {
	s := u.text
	if u.actual != "" {
		s = u.actual
	}
	r, _ := utf8.DecodeRuneInString(s)
	if r == replacement {
		return bidi.ON
	}
	p, _ := bidi.LookupRune(r)
	switch c := p.Class(); c {
	case bidi.LRO, bidi.RLO, bidi.LRE, bidi.RLE, bidi.PDF, bidi.LRI, bidi.RLI, bidi.FSI, bidi.PDI, bidi.Control:
		return bidi.BN
	default:
		return c
	}
}

// levels resolves the embedding level of every unit of a line in a
// left-to-right paragraph: rules W1–W7, N1–N2 and I1 of UAX #9.
func levels(line []unit) []int8 {
	cls := make([]bidi.Class, len(line))
	strong := bidi.L // the last strong class, for W1, W2 and W7
	for i, u := range line {
		c := class(u)
		switch {
		case c == bidi.NSM && i > 0: // W1
			c = cls[i-1]
		case c == bidi.NSM:
			c = bidi.L
		}
		switch c {
		case bidi.L, bidi.R, bidi.AL:
			strong = c
		case bidi.EN:
			if strong == bidi.AL { // W2
				c = bidi.AN
			}
		}
		cls[i] = c
	}
	numbers(cls)
	neutrals(cls)
	lv := make([]int8, len(line))
	for i, c := range cls { // I1
		switch c {
		case bidi.R:
			lv[i] = 1
		case bidi.AN, bidi.EN:
			lv[i] = 2
		}
	}
	return lv
}

// numbers applies W3–W7 to classes already through W1 and W2.
func numbers(cls []bidi.Class) {
	for i, c := range cls {
		if c == bidi.AL { // W3
			cls[i] = bidi.R
		}
	}
	for i := 1; i+1 < len(cls); i++ { // W4
		a, c, b := cls[i-1], cls[i], cls[i+1]
		if a == b && (a == bidi.EN && (c == bidi.ES || c == bidi.CS) || a == bidi.AN && c == bidi.CS) {
			cls[i] = a
		}
	}
	for i := range cls { // W5: terminators next to European numbers
		if cls[i] != bidi.ET {
			continue
		}
		j := i
		for j < len(cls) && cls[j] == bidi.ET {
			j++
		}
		if i > 0 && cls[i-1] == bidi.EN || j < len(cls) && cls[j] == bidi.EN {
			for k := i; k < j; k++ {
				cls[k] = bidi.EN
			}
		}
	}
	strong := bidi.L
	for i, c := range cls {
		switch c {
		case bidi.ET, bidi.ES, bidi.CS: // W6
			cls[i] = bidi.ON
		case bidi.L, bidi.R:
			strong = c
		case bidi.EN:
			if strong == bidi.L { // W7
				cls[i] = bidi.L
			}
		}
	}
}

// neutrals applies N1 and N2: a run of neutrals between two characters
// of the same direction (numbers count as right-to-left) takes that
// direction, any other the paragraph's (left to right); the line's start
// and end count as left to right.
func neutrals(cls []bidi.Class) {
	dir := func(c bidi.Class) bidi.Class {
		if c == bidi.L {
			return bidi.L
		}
		return bidi.R
	}
	for i := 0; i < len(cls); {
		if !neutral(cls[i]) {
			i++
			continue
		}
		j := i
		for j < len(cls) && neutral(cls[j]) {
			j++
		}
		before, after := bidi.L, bidi.L
		if i > 0 {
			before = dir(cls[i-1])
		}
		if j < len(cls) {
			after = dir(cls[j])
		}
		to := bidi.L
		if before == after {
			to = before
		}
		for k := i; k < j; k++ {
			cls[k] = to
		}
		i = j
	}
}

func neutral(c bidi.Class) bool {
	switch c {
	case bidi.B, bidi.S, bidi.WS, bidi.ON, bidi.BN:
		return true
	}
	return false
}

// visual puts a line in visual order for a left-to-right document (rule
// L2): from the highest level down to 1, every run at that level or
// higher is reversed. A combining mark stays after its base, where the
// font positions it. Arabic letters are not joined (no shaping).
func visual(line []unit) []unit {
	lv := levels(line)
	if !slices.ContainsFunc(lv, func(l int8) bool { return l > 0 }) {
		return line
	}
	// clusters: a base with the marks after it, reordered as one
	var clusters [][]unit
	var clv []int8
	for i, u := range line {
		if i > 0 && class(u) == bidi.NSM && len(clusters) > 0 {
			clusters[len(clusters)-1] = append(clusters[len(clusters)-1], u)
			continue
		}
		clusters, clv = append(clusters, []unit{u}), append(clv, lv[i])
	}
	for level := slices.Max(clv); level > 0; level-- {
		for i := 0; i < len(clusters); {
			if clv[i] < level {
				i++
				continue
			}
			j := i
			for j < len(clusters) && clv[j] >= level {
				j++
			}
			slices.Reverse(clusters[i:j])
			slices.Reverse(clv[i:j])
			i = j
		}
	}
	out := make([]unit, 0, len(line))
	for _, c := range clusters {
		out = append(out, c...)
	}
	return out
}
