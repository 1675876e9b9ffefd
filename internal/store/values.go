package store

import (
	"strconv"
	"strings"
)

// Placeholders returns the VALUES list of a multi-row INSERT with rows
// rows of cols columns: "($1, $2), ($3, $4)" for Placeholders(2, 2). The
// $n form works on both engines.
func Placeholders(rows, cols int) string {
	var b strings.Builder
	n := 1
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			n++
		}
		b.WriteByte(')')
	}
	return b.String()
}
