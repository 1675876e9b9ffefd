package webtest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/i18n"
	"github.com/amtsweg/amtsweg/internal/sso/ssotest"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// Password is the password the tests' users sign up with.
const Password = "Kreuzberg-Fahrrad-1987"

// TOTPSecret finds the secret on the page that enrols a second factor.
var TOTPSecret = regexp.MustCompile(`id="totp-secret"[^>]*>([A-Z2-7]+)<`)

// People known to the test identity provider: Erika's address is
// verified there, Max's is not.
var (
	EIDErika = ssotest.User{Subject: "sub-erika", Username: "erika", Password: "pw-erika", GivenName: "Erika",
		FamilyName: "Mustermann", Email: "erika.eid@example.de", EmailVerified: true}
	EIDMax = ssotest.User{Subject: "sub-max", Username: "max", Password: "pw-max", GivenName: "Max",
		FamilyName: "Mustermann", Email: "max.eid@example.de"}
)

// AccountApp runs the app on a fresh database of dialect d with the
// settings of configure; it returns the base URL, an open handle on the
// app's database and the database's URL.
func AccountApp(t *testing.T, d store.Dialect, configure func(*config.Config)) (string, *store.DB, string) {
	t.Helper()
	dsn := storetest.DSN(t, d)
	base := browsertest.Start(t, browsertest.WithDatabaseURL(dsn), browsertest.WithConfig(configure))
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return base, db, dsn
}

// OIDCApp runs the app on a fresh database of dialect d, sending mail to
// mb and logging in through op; it returns the base URL and an open
// handle on the app's database for checks.
func OIDCApp(t *testing.T, d store.Dialect, mb *Mailbox, op *ssotest.Provider) (string, *store.DB) {
	t.Helper()
	base, db, _ := AccountApp(t, d, func(c *config.Config) {
		mb.Configure(c)
		c.OIDC = op.Config()
	})
	return base, db
}

// Browser is a browser-like HTTP client: cookies, German, redirects
// followed.
type Browser struct {
	T    *testing.T
	Base string
	HTTP *http.Client
}

// NewBrowser returns a Browser on the app at base, without cookies.
func NewBrowser(t *testing.T, base string) *Browser {
	jar, _ := cookiejar.New(nil)
	return &Browser{T: t, Base: base, HTTP: &http.Client{Jar: jar}}
}

// Do sends a GET (form nil) or POST and returns status, final path and body.
func (c *Browser) Do(path string, form url.Values) (int, string, string) {
	c.T.Helper()
	var res *http.Response
	var err error
	if form == nil {
		res, err = c.HTTP.Get(c.Base + path)
	} else {
		res, err = c.HTTP.PostForm(c.Base+path, form)
	}
	if err != nil {
		c.T.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Request.URL.Path, string(b)
}

// Session returns the value of the session cookie, "" for none.
func (c *Browser) Session() string {
	u, _ := url.Parse(c.Base)
	for _, k := range c.HTTP.Jar.Cookies(u) {
		if k.Name == "amtsweg_session" {
			return k.Value
		}
	}
	return ""
}

// Login logs in with email and password.
func (c *Browser) Login(email, password string) (int, string, string) {
	return c.Do("/anmelden", url.Values{"email": {email}, "password": {password}})
}

// Register signs email up and confirms it through the mailed link.
func Register(t *testing.T, mb *Mailbox, base, email string, extra url.Values) {
	t.Helper()
	c := NewBrowser(t, base)
	form := url.Values{"name": {"Erika"}, "email": {email}, "password": {Password}}
	for k, v := range extra {
		form[k] = v
	}
	if st, p, _ := c.Do("/registrieren", form); st != 200 || p != "/registrieren/gesendet" {
		t.Fatalf("sign-up: %d %s", st, p)
	}
	link, _ := url.Parse(mb.WaitLink(t, email, "/registrieren/bestaetigen?token="))
	if st, p, _ := c.Do("/registrieren/bestaetigen", url.Values{"token": {link.Query().Get("token")}}); st != 200 || p != "/anmelden" {
		t.Fatalf("verify: %d %s", st, p)
	}
}

// MainOf is the <main> element of a page (the header differs by nothing
// but is cut off to be sure).
func MainOf(page string) string {
	a, b := strings.Index(page, "<main"), strings.Index(page, "</main>")
	if a < 0 || b < a {
		return page
	}
	return page[a:b]
}

// Fill sets form fields by id and clicks the submit button of the form
// with action, then waits until the condition holds.
func Fill(t *testing.T, ctx context.Context, action string, fields map[string]string, until string) {
	t.Helper()
	var js strings.Builder
	for id, v := range fields {
		fmt.Fprintf(&js, "document.getElementById(%q).value = %q;", id, v)
	}
	fmt.Fprintf(&js, `document.querySelector('form[action=%q] button[type=submit]').click()`, action)
	ClickAndWait(t, ctx, js.String(), until)
}

// SignUp registers email in the tab, confirms it with the mailed link and
// logs in; it leaves the tab on "Mein Konto".
func SignUp(t *testing.T, ctx context.Context, mb *Mailbox, base string, lang i18n.Lang, email string) {
	t.Helper()
	browsertest.Navigate(t, ctx, base+"/registrieren")
	CheckPage(t, ctx, lang)
	Fill(t, ctx, "/registrieren", map[string]string{"f-name": "Erika Mustermann", "f-email": email, "f-password": Password},
		`location.pathname === "/registrieren/gesendet"`)
	CheckPage(t, ctx, lang)
	browsertest.Navigate(t, ctx, mb.WaitLink(t, email, "/registrieren/bestaetigen?token="))
	CheckPage(t, ctx, lang)
	ClickAndWait(t, ctx, `document.querySelector('form[action="/registrieren/bestaetigen"] button').click()`, `location.pathname === "/anmelden"`)
	CheckPage(t, ctx, lang)
	Fill(t, ctx, "/anmelden", map[string]string{"f-email": email, "f-password": Password}, `location.pathname === "/konto"`)
	CheckPage(t, ctx, lang)
}

// EnrolTOTP turns on the second factor and returns its secret.
func EnrolTOTP(t *testing.T, ctx context.Context, lang i18n.Lang) string {
	t.Helper()
	ClickAndWait(t, ctx, `document.querySelector('a[href="/konto/zweiter-faktor"]').click()`, `location.pathname === "/konto/zweiter-faktor"`)
	CheckPage(t, ctx, lang)
	ClickAndWait(t, ctx, `document.querySelector('form[action="/konto/zweiter-faktor/neu"] button').click()`, `!!document.getElementById("totp-secret")`)
	CheckPage(t, ctx, lang)
	secret := browser.Eval[string](t, ctx, `document.getElementById("totp-secret").textContent`)
	if uri := browser.Eval[string](t, ctx, `document.getElementById("totp-uri").textContent`); !strings.HasPrefix(uri, "otpauth://totp/") || !strings.Contains(uri, secret) {
		t.Errorf("otpauth URI %q does not carry the secret", uri)
	}
	if n := browser.Eval[int](t, ctx, `document.querySelectorAll(".amtsweg-qr svg path").length`); n != 1 {
		t.Errorf("QR code: %d paths", n)
	}
	Fill(t, ctx, "/konto/zweiter-faktor/bestaetigen", map[string]string{"f-code": TOTP(t, secret, time.Now())}, `!!document.getElementById("recovery-codes")`)
	CheckPage(t, ctx, lang)
	if n := browser.Eval[int](t, ctx, `document.querySelectorAll("#recovery-codes li").length`); n != 10 {
		t.Errorf("%d recovery codes shown, want 10", n)
	}
	ClickAndWait(t, ctx, `document.querySelector('a[href="/konto"].kern-btn').click()`, `location.pathname === "/konto"`)
	return secret
}
