package web

import (
	"bytes"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testServer is the web server without a database or tenant, plus routes
// that fail on purpose; they exist only in this test binary.
func testServer(t *testing.T) (*Server, *httptest.Server, *syncBuffer) {
	t.Helper()
	logs := &syncBuffer{}
	s, err := New(Deps{Log: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	if err != nil {
		t.Fatal(err)
	}
	s.mux.HandleFunc("GET /test/panic", func(http.ResponseWriter, *http.Request) { panic("boom") })
	s.mux.HandleFunc("GET /test/fail/{code}", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, failure(r.PathValue("code")))
	})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts, logs
}

func failure(code string) error {
	switch code {
	case "fields":
		return fault.Fields("bad form", fault.FieldError{Field: "name", Key: "field.required"})
	case "toolarge":
		return &http.MaxBytesError{Limit: 1}
	case "plain":
		return errors.New("disk on fire")
	}
	return fault.New(fault.Code(code), "test")
}

// TestFaultPages: each fault code becomes its status and friendly page;
// only internal errors are logged at error level.
func TestFaultPages(t *testing.T) {
	_, ts, logs := testServer(t)
	tests := []struct {
		code   string
		status int
		title  string
	}{
		{"not_found", 404, "Seite nicht gefunden"},
		{"forbidden", 403, "Zugriff verweigert"},
		{"unauthorized", 401, "Anmeldung erforderlich"},
		{"invalid", 400, "Anfrage fehlerhaft"},
		{"fields", 422, "Eingaben unvollständig"},
		{"conflict", 409, "Aktion nicht möglich"},
		{"unavailable", 503, "Vorübergehend nicht verfügbar"},
		{"toolarge", 413, "Daten zu groß"},
		{"internal", 500, "Ein Fehler ist aufgetreten"},
		{"plain", 500, "Ein Fehler ist aufgetreten"},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			res, err := http.Get(ts.URL + "/test/fail/" + tt.code)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tt.status || !strings.Contains(string(body), "<h1 class=\"kern-heading-x-large\">"+tt.title+"</h1>") {
				t.Errorf("status %d (want %d), body lacks title %q", res.StatusCode, tt.status, tt.title)
			}
			id := res.Header.Get("X-Request-Id")
			isError := regexp.MustCompile(`level=ERROR msg="request failed" ref=` + id).MatchString(logs.String())
			if isError != (tt.status == 500) {
				t.Errorf("logged at error level: %v, want %v", isError, tt.status == 500)
			}
			if strings.Contains(string(body), "disk on fire") {
				t.Error("the cause leaked into the page")
			}
		})
	}
}

// TestInternalErrorPage: a panicking handler gives the 500 page with a
// reference that is also in the error log line; the page is axe-clean in
// German and English.
func TestInternalErrorPage(t *testing.T) {
	_, ts, logs := testServer(t)
	for _, lang := range []struct{ accept, ref string }{{"de", "Referenznummer: "}, {"en", "Reference number: "}} {
		t.Run(lang.accept, func(t *testing.T) {
			req, _ := http.NewRequest("GET", ts.URL+"/test/panic", nil)
			req.Header.Set("Accept-Language", lang.accept)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusInternalServerError {
				t.Fatalf("status %d, want 500", res.StatusCode)
			}
			m := regexp.MustCompile(lang.ref + `([0-9a-f]{12})`).FindStringSubmatch(string(body))
			if m == nil {
				t.Fatalf("500 page shows no reference:\n%s", body)
			}
			if !regexp.MustCompile(`level=ERROR msg=panic ref=` + m[1] + ` .*panic=boom`).MatchString(logs.String()) {
				t.Errorf("no error log line with ref %s:\n%s", m[1], logs.String())
			}

			ctx := browser.Tab(t)
			browser.AcceptLanguage(t, ctx, lang.accept)
			browser.Navigate(t, ctx, ts.URL+"/test/panic")
			if got := browser.Eval[string](t, ctx, "document.documentElement.lang"); got != lang.accept {
				t.Errorf("lang %q, want %q", got, lang.accept)
			}
			browser.Axe(t, ctx)
		})
	}
}

// TestHSTSOnlyOverTLS: Strict-Transport-Security is sent over TLS and
// never over plain HTTP.
func TestHSTSOnlyOverTLS(t *testing.T) {
	s, plain, _ := testServer(t)
	tlsServer := httptest.NewTLSServer(s.Handler())
	t.Cleanup(tlsServer.Close)
	tests := []struct {
		name   string
		client *http.Client
		url    string
		want   bool
	}{
		{"http", http.DefaultClient, plain.URL, false},
		{"https", tlsServer.Client(), tlsServer.URL, true},
	}
	for _, tt := range tests {
		res, err := tt.client.Get(tt.url + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("Strict-Transport-Security") != ""; got != tt.want {
			t.Errorf("%s: HSTS sent %v, want %v", tt.name, got, tt.want)
		}
	}
}
