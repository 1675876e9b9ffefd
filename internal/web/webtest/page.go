package webtest

import (
	"context"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/i18n"
)

// CheckPage fails on axe violations, a wrong <html lang> or a missing
// message on the page open in ctx.
func CheckPage(t *testing.T, ctx context.Context, lang i18n.Lang) {
	t.Helper()
	if got := browser.Eval[string](t, ctx, "document.documentElement.lang"); got != string(lang) {
		t.Errorf("%s: <html lang=%q>, want %q", Here(t, ctx), got, lang)
	}
	if body := browser.Eval[string](t, ctx, "document.documentElement.outerHTML"); strings.Contains(body, i18n.MissingMarker) {
		t.Errorf("%s: missing message: %s", Here(t, ctx), Excerpt(body, i18n.MissingMarker))
	}
	browsertest.Axe(t, ctx)
}

// Here is the path and query of the page open in ctx.
func Here(t *testing.T, ctx context.Context) string {
	return browser.Eval[string](t, ctx, "location.pathname + location.search")
}

// ClickAndWait runs a click expression and waits for the next page.
func ClickAndWait(t *testing.T, ctx context.Context, click, until string) {
	t.Helper()
	browser.Eval[bool](t, ctx, "(() => { "+click+"; return true })()")
	browser.WaitFor(t, ctx, `document.readyState === "complete" && (`+until+`)`)
}

// Excerpt is the 60 characters of s from sub on.
func Excerpt(s, sub string) string {
	i := strings.Index(s, sub)
	return s[i:min(len(s), i+60)]
}
