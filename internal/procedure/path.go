package procedure

import (
	"strconv"
	"strings"
)

// Step is one step of a field path (Feldpfad): a field id and, for an entry
// (Eintrag) of a repeatable group, the entry's index (-1: none).
type Step struct {
	ID    string
	Index int
}

// ParsePath splits a field path at its dots into steps: "kinder[1].name"
// is {kinder 1}, {name -1}. It is the one reader of field paths; their
// writer is this package (fmt "%s[%d]" in validate.go and verify.go). A
// step that does not end in one well-formed index keeps its text whole as
// its id (SplitIndex), so it names no field.
func ParsePath(path string) []Step {
	parts := strings.Split(path, ".")
	out := make([]Step, len(parts))
	for i, p := range parts {
		out[i].ID, out[i].Index = SplitIndex(p)
	}
	return out
}

// SplitIndex splits the index of an entry off the end of a field path or
// step: "kinder[2]" is ("kinder", 2), "eltern[0].kinder[1]" is
// ("eltern[0].kinder", 1). The index is written as this package writes
// it: decimal digits without sign or leading zero, after a non-empty
// path. Anything else ("kinder", "kinder[-1]", "kinder[+1]", "kinder[01]",
// "[2]") is returned whole with index -1; of "a[1][2]" only the last index
// is split off, leaving "a[1]", which names no field.
func SplitIndex(path string) (string, int) {
	i := strings.LastIndexByte(path, '[')
	if i <= 0 || !strings.HasSuffix(path, "]") {
		return path, -1
	}
	n, ok := entryIndex(path[i+1 : len(path)-1])
	if !ok {
		return path, -1
	}
	return path[:i], n
}

// entryIndex reads an index as fmt's %d writes a non-negative int.
func entryIndex(s string) (int, bool) {
	if s == "" || (s[0] == '0' && len(s) > 1) {
		return 0, false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}
