package multiproc_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strconv"
	"strings"
	"time"
)

// agent is one person's browser without JavaScript: cookies kept,
// redirects not followed (the steps check where each answer leads).
type agent struct {
	c    *http.Client
	base string
}

func newAgent(base string) *agent {
	jar, _ := cookiejar.New(nil)
	return &agent{base: base, c: &http.Client{Jar: jar, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// browserAccept is what a browser asks for when it loads a page: the
// portal sends such a client to the waiting room instead of a bare 503.
const browserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

// reply is one answer.
type reply struct {
	status   int
	location string
	refresh  string // the Refresh header (the waiting room's reload)
	body     string
}

// errRetry marks an answer a person would retry: the connection broke or
// the balancer answered 502/503 (its backend died mid-request, or the
// portal refused for overload with Retry-After).
var errRetry = errors.New("connection lost or backend unavailable")

// lostError is an answer a person would retry, with its status (0: no
// answer) and Retry-After.
type lostError struct {
	what       string
	status     int
	retryAfter time.Duration
	cause      error
}

func (e *lostError) Error() string {
	return fmt.Sprintf("%s: status %d: %v: %v", e.what, e.status, errRetry, e.cause)
}

func (e *lostError) Is(target error) bool { return target == errRetry }

// stepError is an answer that is neither the expected one nor worth a
// retry; kind names the step and status for the load report.
type stepError struct {
	kind string
	msg  string
}

func (e *stepError) Error() string { return e.msg }

// send sends one request; POSTs carry the Origin a browser sends.
func (a *agent) send(method, path, ctype string, body []byte) (reply, error) {
	req, err := http.NewRequest(method, a.base+path, bytes.NewReader(body))
	if err != nil {
		return reply{}, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if method == http.MethodPost {
		req.Header.Set("Origin", a.base)
	}
	req.Header.Set("Accept-Language", "de-DE,de;q=0.9")
	req.Header.Set("Accept", browserAccept)
	res, err := a.c.Do(req)
	if err != nil {
		return reply{}, &lostError{what: method + " " + path, cause: err}
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	r := reply{status: res.StatusCode, location: res.Header.Get("Location"), refresh: res.Header.Get("Refresh"), body: string(raw)}
	if err != nil || r.status == http.StatusBadGateway || r.status == http.StatusServiceUnavailable {
		after, _ := strconv.Atoi(res.Header.Get("Retry-After"))
		return r, &lostError{what: method + " " + path, status: r.status, retryAfter: time.Duration(after) * time.Second, cause: err}
	}
	return r, nil
}

func (a *agent) get(path string) (reply, error) { return a.send(http.MethodGet, path, "", nil) }

func (a *agent) postForm(path string, form string) (reply, error) {
	return a.send(http.MethodPost, path, "application/x-www-form-urlencoded", []byte(form))
}

// retry runs step until it succeeds or fails with an error a person
// would not retry, at most 40 times; retried counts the retries. It waits
// 50 ms after a lost answer (a reload) and Retry-After, at most a second,
// after a refusal for overload.
func retry(retried *int, step func(attempt int) error) error {
	var err error
	for attempt := range 40 {
		if err = step(attempt); err == nil || !errors.Is(err, errRetry) {
			return err
		}
		*retried++
		pause := 50 * time.Millisecond
		var lost *lostError
		if errors.As(err, &lost) && lost.retryAfter > 0 {
			pause = min(lost.retryAfter, time.Second)
		}
		time.Sleep(pause) // a person's reload, not a wait for an event
	}
	return err
}

// expect checks a POST's 303 target ends with suffix.
func expect(r reply, what, suffix string) error {
	if r.status != http.StatusSeeOther || !strings.HasSuffix(pathOnly(r.location), suffix) {
		return &stepError{kind: fmt.Sprintf("%s: status %d", what, r.status),
			msg: fmt.Sprintf("%s: status %d to %q, want 303 to …%s; body %.300q", what, r.status, r.location, suffix, text(r.body))}
	}
	return nil
}

func pathOnly(loc string) string {
	if i := strings.IndexAny(loc, "?#"); i >= 0 {
		loc = loc[:i]
	}
	if i := strings.Index(loc, "://"); i >= 0 {
		if j := strings.Index(loc[i+3:], "/"); j >= 0 {
			return loc[i+3+j:]
		}
	}
	return loc
}

// text is an HTML body's error summary or its start, for messages.
func text(body string) string {
	if i := strings.Index(body, `id="error-summary"`); i >= 0 {
		return body[i:min(len(body), i+400)]
	}
	if i := strings.Index(body, "<main"); i >= 0 {
		return body[i:min(len(body), i+400)]
	}
	return body[:min(len(body), 300)]
}

// between returns the text between before and after in s ("" if absent).
func between(s, before, after string) string {
	i := strings.Index(s, before)
	if i < 0 {
		return ""
	}
	s = s[i+len(before):]
	j := strings.Index(s, after)
	if j < 0 {
		return ""
	}
	return s[:j]
}
