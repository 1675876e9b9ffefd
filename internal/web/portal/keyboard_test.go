package portal_test

import (
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
)

// TestHomeKeyboard walks the home page with the keyboard only: the skip
// link comes first and moves to main; from there Tab reaches the search
// field, the search button, the popular services and the topics in
// reading order, and at the end the footer links, each with a visible
// focus.
func TestHomeKeyboard(t *testing.T) {
	base := browsertest.Start(t)
	ctx := browsertest.Tab(t)
	browsertest.Navigate(t, ctx, base+"/")
	browsertest.SkipLink(t, ctx)

	want := []struct{ tag, text, href string }{
		{"input", "", ""},
		{"button", "Suchen", ""},
		{"a", "Ausbildungsförderung Bewilligung", "/leistungen/99022001017000"},
	}
	got := browsertest.TabSequence(t, ctx, len(want))
	for i, w := range want {
		if g := got[i]; g.Tag != w.tag || g.Text != w.text || g.Href != w.href {
			t.Errorf("Tab %d after the skip link focused %+v, want %+v", i+1, g, w)
		}
	}
	// The footer links come last, in order.
	links := browser.Eval[int](t, ctx, `document.querySelectorAll("main a, main input, main button, main select").length`)
	rest := browsertest.TabSequence(t, ctx, links-len(want)+4)
	footer := []string{"/impressum", "/datenschutz", "/barrierefreiheit", "/datenquellen"}
	for i, href := range footer {
		if g := rest[len(rest)-len(footer)+i]; g.Href != href {
			t.Errorf("footer link %d focused %+v, want %s", i+1, g, href)
		}
	}

	// From the top, the header comes before main: home link, login link,
	// then the language switch.
	browsertest.Navigate(t, ctx, base+"/")
	head := browsertest.TabSequence(t, ctx, 4)
	if head[1].Tag != "a" || head[1].Href != "/" {
		t.Errorf("second Tab focused %+v, want the home link", head[1])
	}
	if head[2].Tag != "a" || head[2].Href != "/anmelden" {
		t.Errorf("third Tab focused %+v, want the login link", head[2])
	}
	if head[3].Tag != "button" || head[3].Text != "English" {
		t.Errorf("fourth Tab focused %+v, want the language switch", head[3])
	}
}
