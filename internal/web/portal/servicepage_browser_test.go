package portal_test

import (
	"context"
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
)

// visible is a JavaScript expression: the element matching selector is
// rendered (not folded away in a closed <details>).
func visible(selector string) string {
	return `(e => !!e && e.checkVisibility())(document.querySelector("` + selector + `"))`
}

// TestSearchFiltersFoldOnPhones: at 375×667 the filters wait behind the
// "Filter" button and the first result starts in the first screen; the
// button opens them; at 1265 px they show without it. Every state is
// axe-clean.
func TestSearchFiltersFoldOnPhones(t *testing.T) {
	base := browsertest.Start(t)
	ctx := browsertest.Tab(t)
	browser.Viewport(t, ctx, 375, 667)
	browsertest.Navigate(t, ctx, base+"/suche?q=Wohnsitz")
	if browser.Eval[bool](t, ctx, visible("#thema")) {
		t.Error("375 px: the filters show before the Filter button is pressed")
	}
	// The first result's name, not only its top edge, is in the first screen.
	bottom := browser.Eval[float64](t, ctx, `document.querySelector(".amtsweg-results__item h3").getBoundingClientRect().bottom`)
	if bottom <= 0 || bottom > 667 {
		t.Errorf("375 px: the first result's name ends at %.0f px, not in the first screen of 667 px", bottom)
	}
	if w := browser.Eval[float64](t, ctx, "document.documentElement.scrollWidth"); w > 375 {
		t.Errorf("375 px: the page is %.0f px wide", w)
	}
	browsertest.Axe(t, ctx)
	browser.Eval[bool](t, ctx, `(document.querySelector(".amtsweg-filters__toggle").click(), true)`)
	browser.WaitFor(t, ctx, visible("#thema"))
	browsertest.Axe(t, ctx)

	browsertest.Navigate(t, ctx, base+"/suche?q=Wohnsitz&thema=bauen-wohnen")
	if !browser.Eval[bool](t, ctx, visible("#thema")) {
		t.Error("375 px: a set filter is folded away")
	}

	browser.Viewport(t, ctx, 1265, 900)
	browsertest.Navigate(t, ctx, base+"/suche?q=Wohnsitz")
	if !browser.Eval[bool](t, ctx, visible("#thema")) || browser.Eval[bool](t, ctx, visible(".amtsweg-filters__toggle")) {
		t.Error("1265 px: the filters do not show by themselves")
	}
	browsertest.Axe(t, ctx)
}

// TestServicePageInChromium: the Wohnsitz page in German and English at
// phone width: its sections, "Online beantragen" before them, axe-clean,
// no horizontal scrolling.
func TestServicePageInChromium(t *testing.T) {
	base := browsertest.Start(t)
	ctx := browsertest.Tab(t)
	browser.Viewport(t, ctx, 375, 667)
	for _, tc := range []struct{ lang, accept, first, apply string }{
		{"de", "de-DE,de;q=0.9", "Beschreibung", "Online beantragen"},
		{"en", "en-GB,en;q=0.9", "Description", "Apply online"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			browser.AcceptLanguage(t, ctx, tc.accept)
			browsertest.Navigate(t, ctx, base+"/leistungen/99115005104000")
			checkServicePage(t, ctx, tc.first, tc.apply)
			browsertest.Axe(t, ctx)
		})
	}
}

func checkServicePage(t *testing.T, ctx context.Context, first, apply string) {
	t.Helper()
	if got := browser.Eval[string](t, ctx, `document.querySelector(".amtsweg-service__section h2").innerText`); got != first {
		t.Errorf("first section %q, want %q", got, first)
	}
	if n := browser.Eval[int](t, ctx, `[...document.querySelectorAll(".amtsweg-service__section")].filter(s => !s.querySelector("p, li")).length`); n != 0 {
		t.Errorf("%d empty sections", n)
	}
	if got := browser.Eval[string](t, ctx, `document.querySelector(".amtsweg-service__apply .kern-btn").innerText.trim()`); got != apply {
		t.Errorf("primary action %q, want %q", got, apply)
	}
	if top := browser.Eval[float64](t, ctx, `document.querySelector(".amtsweg-service__apply").getBoundingClientRect().top`); top >= 667 {
		t.Errorf("the apply button starts at %.0f px, below the first screen", top)
	}
	if w := browser.Eval[float64](t, ctx, "document.documentElement.scrollWidth"); w > 375 {
		t.Errorf("the page is %.0f px wide", w)
	}
}
