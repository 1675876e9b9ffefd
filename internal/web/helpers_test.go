package web_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// Short names for the shared test helpers of package webtest.

type mailbox = webtest.Mailbox

func do(t *testing.T, method, u string, body string, header map[string]string) (*http.Response, string) {
	t.Helper()
	return webtest.Do(t, method, u, body, header)
}

func startMailbox(t *testing.T) *mailbox { t.Helper(); return webtest.StartMailbox(t) }

func totp(t *testing.T, secret string, at time.Time) string {
	t.Helper()
	return webtest.TOTP(t, secret, at)
}

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
