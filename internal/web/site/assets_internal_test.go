package site

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
)

// syncBuffer is a log sink safe for concurrent writers.
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

// TestWithoutKERN: a build without the KERN files still serves pages (with
// our own stylesheet only) and says so in the log.
func TestWithoutKERN(t *testing.T) {
	t.Parallel()
	s, err := New(Config{Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	a, err := newAssets(fstest.MapFS{"amtsweg.css": {Data: []byte("body{}")}},
		slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if a.kern || !strings.Contains(logs.String(), "level=WARN") || !strings.Contains(logs.String(), "build-assets.sh") {
		t.Errorf("kern=%v, log %q: want a warning naming the build step", a.kern, logs.String())
	}
	s.assets = a
	rec := httptest.NewRecorder()
	s.ErrorPage(rec, httptest.NewRequest("GET", "/", nil), http.StatusNotFound)
	body := rec.Body.String()
	if rec.Code != http.StatusNotFound || strings.Contains(body, "kern.min.css") || !strings.Contains(body, "amtsweg.css") {
		t.Errorf("status %d; page must link amtsweg.css and not the missing KERN file", rec.Code)
	}
}
