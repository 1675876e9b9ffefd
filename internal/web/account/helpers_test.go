package account_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/sso/ssotest"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// Short names for the account helpers of package webtest; acClient adds
// methods of its own.

const journeyPassword = webtest.Password

var (
	totpSecret = webtest.TOTPSecret
	eidErika   = webtest.EIDErika
	eidMax     = webtest.EIDMax
)

type acClient struct{ *webtest.Browser }

func newClient(t *testing.T, base string) *acClient { return &acClient{webtest.NewBrowser(t, base)} }

func (c *acClient) do(path string, form url.Values) (int, string, string) {
	c.T.Helper()
	return c.Do(path, form)
}
func (c *acClient) session() string { return c.Session() }
func (c *acClient) login(email, password string) (int, string, string) {
	c.T.Helper()
	return c.Login(email, password)
}

func register(t *testing.T, mb *webtest.Mailbox, base, email string, extra url.Values) {
	t.Helper()
	webtest.Register(t, mb, base, email, extra)
}
func mainOf(page string) string { return webtest.MainOf(page) }
func fill(t *testing.T, ctx context.Context, action string, fields map[string]string, until string) {
	t.Helper()
	webtest.Fill(t, ctx, action, fields, until)
}
func oidcApp(t *testing.T, d store.Dialect, mb *webtest.Mailbox, op *ssotest.Provider) (string, *store.DB) {
	t.Helper()
	return webtest.OIDCApp(t, d, mb, op)
}
func accountApp(t *testing.T, d store.Dialect, configure func(*config.Config)) (string, *store.DB, string) {
	t.Helper()
	return webtest.AccountApp(t, d, configure)
}
