package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestCookiesSecureBehindTLS: behind a TLS-terminating proxy (--base-url
// https://…, the proxy speaks plain HTTP to the portal) every cookie the
// portal sets is Secure — language, a guest's application, the login and
// its organisation — and every answer sends HSTS; without TLS there is no
// HSTS, so a development setup does not pin browsers.
func TestCookiesSecureBehindTLS(t *testing.T) {
	d := storetest.Dialects()[0]
	w := webtest.Start(t, d, func(c *config.Config) { c.BaseURL = "https://portal.example" })
	citizen := w.Citizen(t, w.TenantA, "Tina TLS")
	token := w.Session(t, citizen)
	steps := []struct{ method, path, form, session string }{
		{http.MethodGet, "/", "", ""},
		{http.MethodPost, "/sprache", "lang=en&next=/", ""},
		{http.MethodPost, "/antrag/bo-matrix", "leistung=", ""},
		{http.MethodGet, "/konto", "", token},
		{http.MethodPost, "/abmelden", "", token},
	}
	cookies := 0
	for _, s := range steps {
		req, err := http.NewRequest(s.method, w.Base+s.path, strings.NewReader(s.form))
		webtest.Check(t, err)
		if s.method == http.MethodPost {
			req.Header.Set("Origin", w.Base)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		if s.session != "" {
			req.AddCookie(&http.Cookie{Name: account.SessionCookie(true).Name, Value: s.session})
		}
		resp, err := webtest.NoFollow().Do(req)
		webtest.Check(t, err)
		resp.Body.Close()
		if resp.StatusCode >= 400 {
			t.Errorf("%s %s: %d", s.method, s.path, resp.StatusCode)
		}
		if !strings.Contains(resp.Header.Get("Strict-Transport-Security"), "max-age=") {
			t.Errorf("%s %s behind TLS: no HSTS", s.method, s.path)
		}
		for _, c := range resp.Cookies() {
			cookies++
			if !c.Secure {
				t.Errorf("%s %s behind TLS: cookie %s is not Secure", s.method, s.path, c.Name)
			}
		}
	}
	if cookies < 4 {
		t.Errorf("only %d cookies set: the steps did not exercise the cookies", cookies)
	}

	plain := webtest.Start(t, d)
	resp, err := webtest.NoFollow().Get(plain.Base + "/")
	webtest.Check(t, err)
	resp.Body.Close()
	if hsts := resp.Header.Get("Strict-Transport-Security"); hsts != "" {
		t.Errorf("plain HTTP without a https base URL sends HSTS %q", hsts)
	}
}
