package site

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestStylesheetBalanced: every rule of amtsweg.css is closed before the
// next opens (no nested blocks outside @media/@supports). A merge that
// interleaved two appended blocks once left rules open, and browsers
// silently dropped everything after them (the case page lost its layout).
func TestStylesheetBalanced(t *testing.T) {
	b, err := os.ReadFile("static/amtsweg.css")
	if err != nil {
		t.Fatal(err)
	}
	css := regexp.MustCompile(`(?s)/\*.*?\*/`).ReplaceAllString(string(b), "")
	depth, inAt := 0, false
	for i, line := range strings.Split(css, "\n") {
		for _, r := range line {
			switch r {
			case '{':
				depth++
				if depth == 1 && strings.HasPrefix(strings.TrimSpace(line), "@") {
					inAt = true
				}
				if depth > 1 && !inAt || depth > 2 {
					t.Fatalf("line %d: a rule opens inside another: %q", i+1, line)
				}
			case '}':
				depth--
				if depth < 0 {
					t.Fatalf("line %d: a brace closes nothing", i+1)
				}
				if depth == 0 {
					inAt = false
				}
			}
		}
	}
	if depth != 0 {
		t.Fatalf("%d rules left open at the end", depth)
	}
}
