package web

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// redirectCorpus reads testdata/redirect-corpus.txt: ways back that a
// browser could turn into another host.
func redirectCorpus(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("testdata/redirect-corpus.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		s, err := strconv.Unquote(line)
		if err != nil {
			t.Fatalf("corpus line %q: %v", line, err)
		}
		out = append(out, s)
	}
	return out
}

// TestLocalPath: every tricky form of the corpus falls back to "/", and
// what a browser makes of the result stays on the site; ordinary ways
// back are kept as they are.
func TestLocalPath(t *testing.T) {
	for _, next := range redirectCorpus(t) {
		if got := localPath(next); got != "/" {
			t.Errorf("localPath(%q) = %q, want /", next, got)
		}
	}
	for _, next := range []string{"/", "/konto", "/konto/", "/antrag/bussgeld-einspruch?schritt=2#f-name",
		"/leistungen?q=F%C3%BChrerschein", "/anmelden?next=%2Fkonto", "/konto/entwurf/12/seiten/a.b"} {
		if got := localPath(next); got != next {
			t.Errorf("localPath(%q) = %q, want it unchanged", next, got)
		}
	}
}
