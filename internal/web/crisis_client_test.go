package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"
)

// crisisClient is a guest's browser: cookies, Origin on POSTs, no
// redirects followed.
type crisisClient struct {
	t    *testing.T
	base string
	c    *http.Client
}

func newCrisisClient(t *testing.T, base string) *crisisClient {
	jar, _ := cookiejar.New(nil)
	return &crisisClient{t: t, base: base, c: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// do sends one request; fields are posted as multipart/form-data.
func (c *crisisClient) do(method, path string, fields url.Values, header ...string) (*http.Response, string) {
	c.t.Helper()
	var body io.Reader
	ctype := ""
	if fields != nil {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for k, vs := range fields {
			for _, v := range vs {
				mw.WriteField(k, v)
			}
		}
		mw.Close()
		body, ctype = &buf, mw.FormDataContentType()
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
		req.Header.Set("Origin", c.base)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := c.c.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

func (c *crisisClient) want(method, path string, fields url.Values, status int) (*http.Response, string) {
	c.t.Helper()
	res, body := c.do(method, path, fields)
	if res.StatusCode != status {
		c.t.Fatalf("%s %s: %d, want %d\n%s", method, path, res.StatusCode, status, excerpt(body))
	}
	return res, body
}

func excerpt(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	return body[:min(len(body), 1500)]
}

func checkReadyz(t *testing.T, g *crisisClient, state string, status int) {
	t.Helper()
	res, body := g.do("GET", "/readyz", nil, "Accept", "application/json")
	var got struct{ Status, Database string }
	json.Unmarshal([]byte(body), &got)
	if res.StatusCode != status || got.Status != state {
		t.Errorf("readyz: %d %s, want %d with status %q", res.StatusCode, body, status, state)
	}
	if state == "degraded" && res.Header.Get("X-Amtsweg-Degraded") != "database" {
		t.Error("degraded readyz without X-Amtsweg-Degraded")
	}
}

// waitReady waits until /readyz says ready again: database/sql reconnects
// by itself, nothing restarts amtsweg.
func waitReady(t *testing.T, g *crisisClient) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, body := g.do("GET", "/readyz", nil)
		if res.StatusCode == 200 && strings.HasPrefix(body, "ready") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("not ready 30 s after the restart: %s", body)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
