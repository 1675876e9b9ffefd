package journeys_test

import (
	"context"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/sso/ssotest"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// Short names for the shared test helpers of package webtest.

type mailbox = webtest.Mailbox

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

// Short names for the account helpers of package webtest.

const journeyPassword = webtest.Password

var eidErika = webtest.EIDErika

func fill(t *testing.T, ctx context.Context, action string, fields map[string]string, until string) {
	t.Helper()
	webtest.Fill(t, ctx, action, fields, until)
}
func signUp(t *testing.T, ctx context.Context, mb *mailbox, base string, lang i18n.Lang, email string) {
	t.Helper()
	webtest.SignUp(t, ctx, mb, base, lang, email)
}
func enrolTOTP(t *testing.T, ctx context.Context, lang i18n.Lang) string {
	t.Helper()
	return webtest.EnrolTOTP(t, ctx, lang)
}
func oidcApp(t *testing.T, d store.Dialect, mb *mailbox, op *ssotest.Provider) (string, *store.DB) {
	t.Helper()
	return webtest.OIDCApp(t, d, mb, op)
}
