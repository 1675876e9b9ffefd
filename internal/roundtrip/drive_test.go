package roundtrip_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/textproto"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/procedure/proceduretest"
)

// client is one citizen's HTTP client: cookies kept, redirects not
// followed (the test checks where each answer leads).
type client struct {
	w      *world
	c      *http.Client
	cookie *http.Cookie // a staff session, instead of the jar's cookies
	bearer string
}

func newClient(w *world) *client {
	jar, _ := cookiejar.New(nil)
	return &client{w: w, c: &http.Client{Jar: jar, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// response is what one request got.
type response struct {
	status   int
	location string
	body     []byte
}

func (r response) String() string {
	return fmt.Sprintf("status %d, location %q, %s", r.status, r.location, errorSummary(string(r.body)))
}

// do sends one request; form values go URL-encoded, or with files as
// multipart/form-data (as a browser sends a form with a file input).
func (b *client) do(method, path string, post *proceduretest.Post, multi bool) (response, error) {
	var body io.Reader
	ctype := ""
	if post != nil {
		if multi {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			for k, vs := range post.Values {
				for _, v := range vs {
					mw.WriteField(k, v)
				}
			}
			for _, f := range post.Files {
				h := textproto.MIMEHeader{}
				h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`, escapeQuotes(f.Field), escapeQuotes(f.Name)))
				h.Set("Content-Type", f.MediaType)
				pw, err := mw.CreatePart(h)
				if err != nil {
					return response{}, err
				}
				pw.Write(f.Data)
			}
			mw.Close()
			body, ctype = &buf, mw.FormDataContentType()
		} else {
			body, ctype = strings.NewReader(post.Values.Encode()), "application/x-www-form-urlencoded"
		}
	}
	req, err := http.NewRequest(method, b.w.base+path, body)
	if err != nil {
		return response{}, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if method == http.MethodPost {
		req.Header.Set("Origin", b.w.base)
	}
	req.Header.Set("Accept-Language", "de-DE,de;q=0.9")
	if b.cookie != nil {
		req.AddCookie(b.cookie)
	}
	if b.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+b.bearer)
	}
	res, err := b.c.Do(req)
	if err != nil {
		return response{}, err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	return response{status: res.StatusCode, location: res.Header.Get("Location"), body: raw}, err
}

// escapeQuotes escapes a form part's name as browsers do (WHATWG: " as
// %22, line breaks as %0A/%0D).
func escapeQuotes(s string) string {
	return strings.NewReplacer("\"", "%22", "\r", "%0D", "\n", "%0A").Replace(s)
}

func staffClient(w *world, token string) *client {
	b := newClient(w)
	b.cookie = &http.Cookie{Name: account.SessionCookie(false).Name, Value: token}
	return b
}

var (
	summaryRE = regexp.MustCompile(`(?s)id="error-summary".*?</ul>`)
	itemRE    = regexp.MustCompile(`(?s)<li>(.*?)</li>`)
	keyRE     = regexp.MustCompile(`name="schluessel" value="([^"]*)"`)
	appRE     = regexp.MustCompile(`^/antraege/([0-9]+)/`)
)

// errorSummary lists the entries of a page's error summary.
func errorSummary(page string) string {
	box := summaryRE.FindString(page)
	if box == "" {
		if len(page) > 200 {
			page = page[:200]
		}
		return fmt.Sprintf("no error summary (body starts %q)", proceduretest.HTMLText(page))
	}
	var items []string
	for _, m := range itemRE.FindAllStringSubmatch(box, -1) {
		items = append(items, proceduretest.HTMLText(m[1]))
	}
	return "errors: " + strings.Join(items, " | ")
}

// pathOf strips the fragment of a redirect target.
func pathOf(location string) string {
	if u, err := url.Parse(location); err == nil {
		return u.Path
	}
	return location
}

// testingT is the part of testing.T the drive needs from a worker.
type testingT = testing.TB
