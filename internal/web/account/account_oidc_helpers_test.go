package account_test

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"testing"

	"github.com/amtsweg/amtsweg/internal/sso/ssotest"
	"github.com/amtsweg/amtsweg/internal/store"
)

// toProvider opens path at the portal (a start of an OIDC login) and
// returns the provider's auth request id from its login page.
func (c *acClient) toProvider(path string) string {
	c.T.Helper()
	res, err := c.HTTP.Get(c.Base + path)
	if err != nil {
		c.T.Fatal(err)
	}
	res.Body.Close()
	id := res.Request.URL.Query().Get("authRequestID")
	if res.StatusCode != 200 || id == "" {
		c.T.Fatalf("%s: %d at %s, want the provider's login page", path, res.StatusCode, res.Request.URL)
	}
	return id
}

// atProvider logs in at the provider as u with method acr ("": the
// provider's default). With stop it returns the query the provider sends
// back before the portal sees it; else it follows into the portal and
// returns status, final path and body there.
func (c *acClient) atProvider(op *ssotest.Provider, id string, u ssotest.User, acr string, stop bool) (url.Values, int, string, string) {
	c.T.Helper()
	if stop {
		c.HTTP.CheckRedirect = func(r *http.Request, _ []*http.Request) error {
			if r.URL.Path == ssotest.RedirectPath {
				return http.ErrUseLastResponse
			}
			return nil
		}
		defer func() { c.HTTP.CheckRedirect = nil }()
	}
	res, err := c.HTTP.PostForm(op.URL+"/login/username", url.Values{"id": {id}, "username": {u.Username},
		"password": {u.Password}, "acr": {acr}})
	if err != nil {
		c.T.Fatal(err)
	}
	defer res.Body.Close()
	if stop {
		back, err := url.Parse(res.Header.Get("Location"))
		if err != nil || back.Path != ssotest.RedirectPath {
			c.T.Fatalf("provider login: %d, back to %q", res.StatusCode, res.Header.Get("Location"))
		}
		return back.Query(), 0, "", ""
	}
	st, p, body := readRes(c.T, res)
	return nil, st, p, body
}

// oidcLogin is a whole login through the provider starting at path.
func (c *acClient) oidcLogin(op *ssotest.Provider, path string, u ssotest.User, acr string) (int, string, string) {
	c.T.Helper()
	_, st, p, body := c.atProvider(op, c.toProvider(path), u, acr, false)
	return st, p, body
}

// editFlow changes the login state the portal keeps in the browser (the
// cookie on the callback's path), as a tampering client could.
func (c *acClient) editFlow(change func(map[string]any)) {
	c.T.Helper()
	u, _ := url.Parse(c.Base + ssotest.RedirectPath)
	for _, k := range c.HTTP.Jar.Cookies(u) {
		if k.Name != "amtsweg_oidc" {
			continue
		}
		raw, _ := base64.RawURLEncoding.DecodeString(k.Value)
		var f map[string]any
		if err := json.Unmarshal(raw, &f); err != nil {
			c.T.Fatalf("login state cookie: %v", err)
		}
		change(f)
		raw, _ = json.Marshal(f)
		c.HTTP.Jar.SetCookies(u, []*http.Cookie{{Name: k.Name, Value: base64.RawURLEncoding.EncodeToString(raw), Path: ssotest.RedirectPath}})
		return
	}
	c.T.Fatal("no login state cookie")
}

// accountOf returns the account linked to the provider's subject, 0 for
// none.
func accountOf(t *testing.T, db *store.DB, subject string) int64 {
	t.Helper()
	var id int64
	db.QueryRowContext(t.Context(), "SELECT account_id FROM account_identity WHERE subject = $1", subject).Scan(&id)
	return id
}

// accountByEmail returns the id of the live account with address email.
func accountByEmail(t *testing.T, db *store.DB, email string) int64 {
	t.Helper()
	var id int64
	if err := db.QueryRowContext(t.Context(), "SELECT id FROM account WHERE email_norm = $1", email).Scan(&id); err != nil {
		t.Fatalf("account of %s: %v", email, err)
	}
	return id
}

// readRes returns status, final path and body of res.
func readRes(t *testing.T, res *http.Response) (int, string, string) {
	t.Helper()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, res.Request.URL.Path, string(b)
}
