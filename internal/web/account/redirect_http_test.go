package account_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/sso/ssotest"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestNoOpenRedirect, on every engine: no way back of the corpus
// (testdata/redirect-corpus.txt) leads a browser off the site, through the
// language switch, the password login, the second-factor page, the
// provider login (next given at its start) or its callback (next forged in
// the login state cookie). Each redirect is read from its Location header
// and resolved the way a browser repairs it.
func TestNoOpenRedirect(t *testing.T) {
	corpus := webtest.RedirectCorpus(t)
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			mb := webtest.StartMailbox(t)
			op := ssotest.Start(t, eidErika)
			base, db, dsn := accountApp(t, d, func(c *config.Config) {
				mb.Configure(c)
				c.OIDC = op.Config()
			})
			staff, recovery := enrolledStaff(t, base, db, dsn)
			for _, next := range corpus {
				c := newClient(t, base)
				c.wayBack("/sprache", url.Values{"lang": {"en"}, "next": {next}}, next)
				code := c.wayBack("/anmelden", url.Values{"email": {staff}, "password": {journeyPassword}, "next": {next}}, next)
				if !strings.HasPrefix(code, "/anmelden/code") {
					t.Fatalf("staff login with next %q went to %s", next, code)
				}
				u, _ := url.Parse(code)
				if n := u.Query().Get("next"); n != "" && n != "/" {
					t.Errorf("next %q reached the code page as %q", next, n)
				}
				db.ExecContext(t.Context(), "UPDATE account_recovery_code SET used_at = NULL") // one code for every round
				c.wayBack("/anmelden/code", url.Values{"code": {recovery}, "next": {next}}, next)

				c = newClient(t, base)
				c.HTTP.Get(base + "/anmelden/oidc?next=" + url.QueryEscape(next))
				if got := c.flowNext(); got != "" && got != "/" {
					t.Errorf("provider login with next %q keeps %q", next, got)
				}
				c = newClient(t, base)
				id := c.toProvider("/anmelden/oidc")
				c.editFlow(func(f map[string]any) { f["x"] = next })
				back, _, _, _ := c.atProvider(op, id, eidErika, ssotest.ACRSubstantial, true)
				c.wayBackGet(ssotest.RedirectPath+"?"+back.Encode(), next)
			}
		})
	}
}

// wayBack posts form to path without following the redirect, fails the
// test unless the Location header keeps a browser on the site, and
// returns it.
func (c *acClient) wayBack(path string, form url.Values, next string) string {
	c.T.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.Base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.checkLocation(c.roundTrip(req), path, next)
}

// wayBackGet is wayBack for a GET.
func (c *acClient) wayBackGet(path, next string) string {
	c.T.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.Base+path, nil)
	return c.checkLocation(c.roundTrip(req), path, next)
}

// roundTrip sends req with the client's cookies and keeps the cookies of
// the answer, but neither follows nor parses a redirect (Go's client
// refuses a Location with a tab, which a browser would follow).
func (c *acClient) roundTrip(req *http.Request) *http.Response {
	c.T.Helper()
	for _, k := range c.HTTP.Jar.Cookies(req.URL) {
		req.AddCookie(k)
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		c.T.Fatal(err)
	}
	res.Body.Close()
	c.HTTP.Jar.SetCookies(req.URL, res.Cookies())
	return res
}

func (c *acClient) checkLocation(res *http.Response, path, next string) string {
	c.T.Helper()
	loc := res.Header.Get("Location")
	base, _ := url.Parse(c.Base + path)
	if res.StatusCode != http.StatusSeeOther || !onSite(base, loc) {
		c.T.Errorf("%s with next %q: %d to %q, off the site", path, next, res.StatusCode, loc)
	}
	return loc
}

// onSite reports whether a browser at base following Location loc stays
// on base's host with a path no later step can read as a host: it strips
// leading and trailing spaces and controls, drops tabs and line breaks and
// reads "\" as "/", as the WHATWG URL parser does.
func onSite(base *url.URL, loc string) bool {
	loc = strings.TrimFunc(loc, func(r rune) bool { return r <= ' ' })
	loc = strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(loc)
	u, err := url.Parse(loc)
	if err != nil {
		return false
	}
	r := base.ResolveReference(u)
	p := strings.ToLower(r.EscapedPath())
	return r.Host == base.Host && r.Scheme == base.Scheme && !strings.HasPrefix(p, "//") &&
		!strings.HasPrefix(p, "/%2f") && !strings.HasPrefix(p, "/%5c") && !strings.HasPrefix(p, "/%09")
}

// flowNext is the way back kept in the browser's provider login state.
func (c *acClient) flowNext() string {
	c.T.Helper()
	next := ""
	c.editFlow(func(f map[string]any) { next, _ = f["x"].(string) })
	return next
}

var recoveryCode = regexp.MustCompile(`<li[^>]*>\s*<code[^>]*>([^<]+)</code>`)

// enrolledStaff creates a case worker with TOTP set up and returns the
// address and one of the recovery codes.
func enrolledStaff(t *testing.T, base string, db *store.DB, dsn string) (string, string) {
	t.Helper()
	staffWithAddress(t, db, dsn, "weg-sb@amt.de")
	c := newClient(t, base)
	c.login("weg-sb@amt.de", journeyPassword)
	return "weg-sb@amt.de", c.enrol()
}

// enrol sets up TOTP for the client's staff login that owes it and
// returns one of the recovery codes.
func (c *acClient) enrol() string {
	c.T.Helper()
	_, _, body := c.do("/konto/zweiter-faktor/neu", url.Values{})
	m := totpSecret.FindStringSubmatch(body)
	if m == nil {
		c.T.Fatal("no TOTP secret on the set-up page")
	}
	_, _, body = c.do("/konto/zweiter-faktor/bestaetigen", url.Values{"code": {webtest.TOTP(c.T, m[1], time.Now())}})
	r := recoveryCode.FindStringSubmatch(body)
	if r == nil {
		c.T.Fatalf("no recovery code shown after the set-up")
	}
	return r[1]
}
