// Package webtest holds what the tests of the web packages share: the
// running app with its capability services (World), an HTTP client that
// does not follow redirects and a browser-like one (Browser), a real SMTP
// server that keeps the portal's e-mails, the TOTP code of an
// authenticator app, the browser steps of the application and back-office
// journeys and the corpus of open-redirect tricks. Only tests import it;
// the app itself starts through package browsertest.
package webtest

import (
	"bufio"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// Client does not follow redirects, so tests see them.
var Client = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// Do sends one request with Client and returns the response and its body;
// a non-empty body is sent as a form.
func Do(t testing.TB, method, u string, body string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, u, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// RedirectCorpus reads testdata/redirect-corpus.txt: ways back that a
// browser could turn into another host. The unit test of site.LocalPath
// and the HTTP tests of every form with a way back read the same list.
func RedirectCorpus(t testing.TB) []string {
	t.Helper()
	_, self, _, _ := runtime.Caller(0)
	f, err := os.Open(filepath.Join(filepath.Dir(self), "testdata", "redirect-corpus.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		s, err := strconv.Unquote(line)
		if err != nil {
			t.Fatalf("corpus line %q: %v", line, err)
		}
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}
