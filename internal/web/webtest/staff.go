package webtest

// The browser steps of the back office.

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// StaffLogin logs in through the pages: password, then a fresh TOTP code.
func StaffLogin(t *testing.T, tab context.Context, base, email, password, secret string) {
	browsertest.Navigate(t, tab, base+"/anmelden?next=%2Fverwaltung")
	browser.Eval[bool](t, tab, fmt.Sprintf(`(() => { document.querySelector('form[action="/anmelden"] [name=email]').value = %q;
		document.querySelector('form[action="/anmelden"] [name=password]').value = %q; return true })()`, email, password))
	Click(t, tab, `form[action="/anmelden"] button[type=submit]`, `location.pathname === "/anmelden/code"`)
	// The enrolment used the current 30-second step; a code is good once.
	time.Sleep(time.Until(time.Now().Truncate(30 * time.Second).Add(31 * time.Second)))
	browser.Eval[bool](t, tab, fmt.Sprintf(`(() => { document.querySelector('[name=code]').value = %q; return true })()`, TOTP(t, secret, time.Now())))
	Click(t, tab, `form[action="/anmelden/code"] button[type=submit]`, `location.pathname !== "/anmelden/code"`)
}

// Click clicks the element and waits until cond holds.
func Click(t *testing.T, tab context.Context, selector, cond string) {
	t.Helper()
	browser.Eval[bool](t, tab, fmt.Sprintf(`(() => { document.querySelector(%q).click(); return true })()`, selector))
	browser.WaitFor(t, tab, cond)
}

// CheckStaffPage checks the page: axe-clean, no missing texts, contains want.
func CheckStaffPage(t *testing.T, tab context.Context, want string) {
	t.Helper()
	browser.WaitFor(t, tab, `document.readyState === "complete"`)
	browsertest.Axe(t, tab)
	text := browser.Eval[string](t, tab, `document.body.innerText`)
	if i := strings.Index(text, "[[missing:"); i >= 0 {
		t.Errorf("%s: missing texts: %s", browser.Eval[string](t, tab, `location.pathname`), text[i:min(len(text), i+60)])
	}
	if !strings.Contains(text, want) {
		t.Errorf("%s does not show %q", browser.Eval[string](t, tab, `location.pathname`), want)
	}
}

// SessionCookie reads the tab's session cookie.
func SessionCookie(t *testing.T, tab context.Context) string {
	res, err := chromedp.Call(tab, network.GetCookies, network.GetCookiesParams{})
	Check(t, err)
	for _, c := range res.Cookies {
		if c.Name == account.SessionCookie(false).Name {
			return c.Value
		}
	}
	t.Fatal("no session cookie")
	return ""
}

// StaffTab is a new browser tab with a new login session of the staff
// account accountID, in German.
func (w *World) StaffTab(t *testing.T, accountID int64) context.Context {
	t.Helper()
	tab := browsertest.Tab(t)
	_, err := chromedp.Call(tab, network.SetCookie, network.SetCookieParams{Name: account.SessionCookie(false).Name,
		Value: w.Session(t, accountID), URL: w.Base + "/", Path: "/"})
	Check(t, err)
	_, err = chromedp.Call(tab, network.SetCookie, network.SetCookieParams{Name: "lang", Value: "de", URL: w.Base + "/", Path: "/"})
	Check(t, err)
	return tab
}
