package site_test

import (
	"testing"

	"github.com/amtsweg/amtsweg/internal/web/site"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestLocalPath: every tricky form of the corpus falls back to "/", and
// what a browser makes of the result stays on the site; ordinary ways
// back are kept as they are.
func TestLocalPath(t *testing.T) {
	for _, next := range webtest.RedirectCorpus(t) {
		if got := site.LocalPath(next); got != "/" {
			t.Errorf("LocalPath(%q) = %q, want /", next, got)
		}
	}
	for _, next := range []string{"/", "/konto", "/konto/", "/antrag/bussgeld-einspruch?schritt=2#f-name",
		"/leistungen?q=F%C3%BChrerschein", "/anmelden?next=%2Fkonto", "/konto/entwurf/12/seiten/a.b"} {
		if got := site.LocalPath(next); got != next {
			t.Errorf("LocalPath(%q) = %q, want it unchanged", next, got)
		}
	}
}
