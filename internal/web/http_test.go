package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/web/webtest"
)

// TestCrossOrigin: a state-changing request a browser sends from another
// site is refused with the 403 page; same-origin and non-browser requests
// pass.
func TestCrossOrigin(t *testing.T) {
	base := browsertest.Start(t)
	form := url.Values{"lang": {"en"}, "next": {"/impressum"}}.Encode()
	tests := []struct {
		name   string
		header map[string]string
		status int
	}{
		{"cross-site fetch", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"same-site other origin", map[string]string{"Sec-Fetch-Site": "same-site"}, http.StatusForbidden},
		{"foreign Origin, old browser", map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{"same origin", map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": base}, http.StatusSeeOther},
		{"matching Origin, old browser", map[string]string{"Origin": base}, http.StatusSeeOther},
		{"no browser headers", nil, http.StatusSeeOther},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := webtest.Do(t, "POST", base+"/sprache", form, tt.header)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
			}
			cookie := res.Header.Get("Set-Cookie")
			if tt.status == http.StatusForbidden {
				if cookie != "" {
					t.Errorf("refused request still set a cookie: %s", cookie)
				}
				if !strings.Contains(body, "Zugriff verweigert") {
					t.Errorf("403 body is not the friendly page:\n%s", body)
				}
				return
			}
			if !strings.HasPrefix(cookie, "lang=en;") {
				t.Errorf("Set-Cookie %q, want lang=en", cookie)
			}
			if loc := res.Header.Get("Location"); loc != "/impressum" {
				t.Errorf("Location %q, want /impressum", loc)
			}
		})
	}
}

// TestLanguage: the cookie wins over Accept-Language, which wins over the
// default; the switch only redirects within the site.
func TestLanguage(t *testing.T) {
	base := browsertest.Start(t)
	tests := []struct {
		name   string
		header map[string]string
		lang   string
	}{
		{"default", nil, "de"},
		{"Accept-Language", map[string]string{"Accept-Language": "fr, en-GB;q=0.8, de;q=0.5"}, "en"},
		{"cookie wins", map[string]string{"Accept-Language": "de", "Cookie": "lang=en"}, "en"},
		{"bad cookie ignored", map[string]string{"Accept-Language": "en", "Cookie": "lang=xx"}, "en"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := webtest.Do(t, "GET", base+"/", "", tt.header)
			if !strings.Contains(body, `<html lang="`+tt.lang+`"`) || res.Header.Get("Content-Language") != tt.lang {
				t.Errorf("want language %s, got Content-Language %q and %s", tt.lang, res.Header.Get("Content-Language"), body[:80])
			}
		})
	}
	for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example", ""} {
		res, _ := webtest.Do(t, "POST", base+"/sprache", url.Values{"lang": {"de"}, "next": {next}}.Encode(), nil)
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/" {
			t.Errorf("next=%q: %d to %q, want 303 to /", next, res.StatusCode, loc)
		}
	}
	if res, _ := webtest.Do(t, "POST", base+"/sprache", "lang=klingon", nil); res.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown language: status %d, want 400", res.StatusCode)
	}
}

// TestSecurityHeaders: every kind of response carries the headers, and the
// CSP allows no inline code; the pages contain none.
func TestSecurityHeaders(t *testing.T) {
	base := browsertest.Start(t)
	_, home := webtest.Do(t, "GET", base+"/", "", nil)
	css := regexp.MustCompile(`/static/[0-9a-f]+/amtsweg\.css`).FindString(home)
	tests := []struct{ method, path string }{
		{"GET", "/"}, {"GET", "/suche?q=wohnsitz"}, {"GET", "/leistungen/99115005104000?ort=09306"}, {"GET", "/datenquellen"}, {"GET", "/nicht-da"}, {"DELETE", "/"},
		{"GET", css}, {"GET", "/healthz"}, {"GET", "/readyz"}, {"GET", "/metrics"},
		{"POST", "/sprache"},
	}
	want := map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "strict-origin-when-cross-origin",
		"X-Frame-Options":        "DENY",
	}
	for _, tt := range tests {
		res, body := webtest.Do(t, tt.method, base+tt.path, "", map[string]string{"Sec-Fetch-Site": "cross-site"})
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") ||
			strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s %s: CSP %q", tt.method, tt.path, csp)
		}
		for k, v := range want {
			if got := res.Header.Get(k); got != v {
				t.Errorf("%s %s: %s %q, want %q", tt.method, tt.path, k, got, v)
			}
		}
		if res.Header.Get("Permissions-Policy") == "" {
			t.Errorf("%s %s: no Permissions-Policy", tt.method, tt.path)
		}
		if hsts := res.Header.Get("Strict-Transport-Security"); hsts != "" {
			t.Errorf("%s %s: HSTS over plain HTTP: %q", tt.method, tt.path, hsts)
		}
		if strings.Contains(res.Header.Get("Content-Type"), "html") {
			if m := regexp.MustCompile(`(?i)<script[^>]*>[^<]|<style|\sstyle=|\son[a-z]+=`).FindString(body); m != "" {
				t.Errorf("%s %s: inline code %q in the page", tt.method, tt.path, m)
			}
			for _, tag := range regexp.MustCompile(`(?i)<script[^>]*>`).FindAllString(body, -1) {
				if !strings.Contains(tag, ` src="/static/`) {
					t.Errorf("%s %s: script %q is not one of our static files", tt.method, tt.path, tag)
				}
			}
		}
	}
}
