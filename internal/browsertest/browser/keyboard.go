package browser

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Focused describes the element that has the keyboard focus.
type Focused struct {
	Tag  string `json:"tag"`  // lower case, e.g. "a", "button", "input", "main"
	ID   string `json:"id"`   // its id attribute, if any
	Text string `json:"text"` // visible text (or value), trimmed, at most 80 characters
	Href string `json:"href"` // the href attribute of links
}

const activeElement = `(() => {
	const e = document.activeElement;
	if (!e) return {tag: "", id: "", text: "", href: ""};
	return {tag: e.tagName.toLowerCase(), id: e.id || "",
		text: (e.innerText || e.value || "").replace(/\s+/g, " ").trim().slice(0, 80),
		href: e.getAttribute("href") || ""};
})()`

// Active returns the element that has the focus now.
func Active(t testing.TB, ctx context.Context) Focused {
	t.Helper()
	return Eval[Focused](t, ctx, activeElement)
}

// Press sends keys (see package chromedp/kb, e.g. kb.Enter) to the page.
func Press(t testing.TB, ctx context.Context, keys string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(keys)); err != nil {
		t.Fatalf("press %q: %v", keys, err)
	}
}

// TabSequence presses Tab n times and returns the element focused after
// each press, checking on the way that each one shows a visible focus.
func TabSequence(t testing.TB, ctx context.Context, n int) []Focused {
	t.Helper()
	out := make([]Focused, 0, n)
	for range n {
		Press(t, ctx, kb.Tab)
		out = append(out, Active(t, ctx))
		FocusVisible(t, ctx)
	}
	return out
}

const focusStyle = `(() => {
	const e = document.activeElement;
	if (!e || e === document.body) return {visible: false, why: "nothing has the focus"};
	if (!e.matches(":focus-visible")) return {visible: false, why: "element does not match :focus-visible"};
	const s = getComputedStyle(e);
	const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
	const shadow = s.boxShadow !== "none";
	return {visible: outline || shadow, why: "outline " + s.outlineStyle + " " + s.outlineWidth + ", box-shadow " + s.boxShadow};
})()`

// FocusVisible fails the test unless the focused element matches
// :focus-visible and draws a focus indicator (an outline or a box-shadow).
func FocusVisible(t testing.TB, ctx context.Context) {
	t.Helper()
	r := Eval[struct {
		Visible bool   `json:"visible"`
		Why     string `json:"why"`
	}](t, ctx, focusStyle)
	if !r.Visible {
		t.Errorf("focus not visible on %+v: %s", Active(t, ctx), r.Why)
	}
}

// SkipLink checks, on a freshly loaded page, that the first Tab focuses a
// visible skip link to the main content and that Enter moves the focus to
// the <main> element.
func SkipLink(t testing.TB, ctx context.Context) {
	t.Helper()
	Press(t, ctx, kb.Tab)
	first := Active(t, ctx)
	if first.Tag != "a" || first.Href != "#main" {
		t.Fatalf("first focusable element is %+v, want the skip link to #main", first)
	}
	FocusVisible(t, ctx)
	onScreen := Eval[bool](t, ctx, `(() => { const r = document.activeElement.getBoundingClientRect();
		return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight; })()`)
	if !onScreen {
		t.Errorf("skip link is focused but not visible on screen")
	}
	Press(t, ctx, kb.Enter)
	if got := Active(t, ctx); got.Tag != "main" {
		t.Errorf("after Enter on the skip link the focus is on %+v, want <main>", got)
	}
}
