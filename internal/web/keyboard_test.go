package web_test

import (
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest"
)

// TestHomeKeyboard walks the home page with the keyboard only: the skip
// link comes first and moves to main; from there Tab reaches the search
// field, the search button and the footer links in reading order, each
// with a visible focus.
func TestHomeKeyboard(t *testing.T) {
	base := browsertest.Start(t)
	ctx := browsertest.Tab(t)
	browsertest.Navigate(t, ctx, base+"/")
	browsertest.SkipLink(t, ctx)

	want := []struct{ tag, text, href string }{
		{"input", "", ""},
		{"button", "Suchen", ""},
		{"a", "Impressum", "/impressum"},
		{"a", "Datenschutz", "/datenschutz"},
		{"a", "Erklärung zur Barrierefreiheit", "/barrierefreiheit"},
		{"a", "Datenquellen", "/datenquellen"},
	}
	got := browsertest.TabSequence(t, ctx, len(want))
	for i, w := range want {
		if g := got[i]; g.Tag != w.tag || g.Text != w.text || g.Href != w.href {
			t.Errorf("Tab %d after the skip link focused %+v, want %+v", i+1, g, w)
		}
	}

	// From the top, the header comes before main: home link, then the
	// language switch.
	browsertest.Navigate(t, ctx, base+"/")
	head := browsertest.TabSequence(t, ctx, 3)
	if head[1].Tag != "a" || head[1].Href != "/" {
		t.Errorf("second Tab focused %+v, want the home link", head[1])
	}
	if head[2].Tag != "button" || head[2].Text != "English" {
		t.Errorf("third Tab focused %+v, want the language switch", head[2])
	}
}
