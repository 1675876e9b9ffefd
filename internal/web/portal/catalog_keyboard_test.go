package portal_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
)

// tabTo presses Tab until the focused element satisfies ok (at most max
// times, each with a visible focus) and returns it.
func tabTo(t *testing.T, ctx context.Context, what string, max int, ok func(browser.Focused) bool) browser.Focused {
	t.Helper()
	for range max {
		f := browsertest.TabSequence(t, ctx, 1)[0]
		if ok(f) {
			return f
		}
	}
	t.Fatalf("%s not reached with %d Tabs on %s", what, max, here(t, ctx))
	return browser.Focused{}
}

// enterAndWait presses Enter and waits for the page the URL test names.
func enterAndWait(t *testing.T, ctx context.Context, until string) {
	t.Helper()
	browser.Press(t, ctx, kb.Enter)
	browser.WaitFor(t, ctx, `document.readyState === "complete" && (`+until+`)`)
}

// TestJourneyKeyboard walks the journey with the keyboard only: Tab to
// move, typing into fields, Enter to follow links and send forms, and
// Space to check a radio button (the keyboard's way to choose one).
func TestJourneyKeyboard(t *testing.T) {
	base := browsertest.Start(t)
	ctx := browsertest.Tab(t)
	browsertest.Navigate(t, ctx, base+"/")
	browsertest.SkipLink(t, ctx)
	tabTo(t, ctx, "search field", 5, func(f browser.Focused) bool { return f.ID == "q" })
	browser.Press(t, ctx, "Wohnsitz anmelden")
	enterAndWait(t, ctx, `location.pathname === "/suche"`)

	tabTo(t, ctx, "result link", 40, func(f browser.Focused) bool { return f.Href == "/leistungen/"+wohnsitz })
	enterAndWait(t, ctx, `location.pathname === "/leistungen/`+wohnsitz+`"`)

	tabTo(t, ctx, "postal code field", 40, func(f browser.Focused) bool { return f.ID == "ort" })
	browser.Press(t, ctx, sharedPLZ)
	enterAndWait(t, ctx, `location.search.includes("ort=`+sharedPLZ+`")`)

	first := tabTo(t, ctx, "first municipality", 5, func(f browser.Focused) bool { return f.ID == "gebiet-0" })
	browser.Press(t, ctx, " ")
	if !browser.Eval[bool](t, ctx, `document.getElementById("gebiet-0").checked`) {
		t.Fatalf("Space did not check %+v", first)
	}
	enterAndWait(t, ctx, `location.search.includes("gebiet=")`)
	result := browser.Eval[string](t, ctx, `document.getElementById("finder-result").innerText`)
	if !strings.Contains(result, rochlitzAmt) {
		t.Errorf("finder result %q, want the authority for Rochlitz (the first choice: the largest place)", result)
	}
	tabTo(t, ctx, "authority link", 10, func(f browser.Focused) bool { return strings.HasPrefix(f.Href, "/behoerden/") })
	enterAndWait(t, ctx, `location.pathname.startsWith("/behoerden/")`)
	if h1 := browser.Eval[string](t, ctx, `document.querySelector("h1").innerText`); h1 != rochlitzAmt {
		t.Errorf("authority page h1 %q", h1)
	}
}
