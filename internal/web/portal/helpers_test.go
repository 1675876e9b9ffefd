package portal_test

import (
	"context"
	"testing"

	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// Short names for the shared page helpers of package webtest.

func checkPage(t *testing.T, ctx context.Context, lang i18n.Lang) {
	t.Helper()
	webtest.CheckPage(t, ctx, lang)
}
func here(t *testing.T, ctx context.Context) string { return webtest.Here(t, ctx) }
func clickAndWait(t *testing.T, ctx context.Context, click, until string) {
	t.Helper()
	webtest.ClickAndWait(t, ctx, click, until)
}
func excerpt(s, sub string) string { return webtest.Excerpt(s, sub) }
