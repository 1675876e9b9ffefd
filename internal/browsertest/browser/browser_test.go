package browser_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
)

// pages are tiny documents that the checks must pass or fail.
var pages = map[string]string{
	"/good": `<!DOCTYPE html><html lang="en"><head><title>Good</title></head><body>
		<a href="#main">Skip to content</a><main id="main" tabindex="-1"><h1>Good</h1>
		<a href="/x">A link</a></main></body></html>`,
	"/bad": `<!DOCTYPE html><html><head><title>Bad</title></head><body><main>
		<img src="data:,"><input type="text"></main></body></html>`,
	"/nofocus": `<!DOCTYPE html><html lang="en"><head><title>No focus</title>
		<style>a:focus { outline: none }</style></head><body><main id="main"><a href="/x">Link</a></main></body></html>`,
}

func server(t *testing.T) string {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(pages[r.URL.Path]))
	}))
	t.Cleanup(ts.Close)
	return ts.URL
}

// TestViolations checks that axe-core runs and reports real problems, so a
// clean result elsewhere means something.
func TestViolations(t *testing.T) {
	base := server(t)
	tests := []struct {
		page string
		want []string // rule ids, sorted
	}{
		{"/good", nil},
		{"/bad", []string{"html-has-lang", "image-alt", "label"}},
	}
	for _, tt := range tests {
		t.Run(tt.page, func(t *testing.T) {
			ctx := browser.Tab(t)
			browser.Navigate(t, ctx, base+tt.page)
			vs, err := browser.Violations(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, v := range vs {
				ids = append(ids, v.ID)
				if len(v.Nodes) == 0 {
					t.Errorf("%s lists no elements", v.ID)
				}
			}
			slices.Sort(ids)
			if !slices.Equal(ids, tt.want) {
				t.Errorf("violations %v, want %v", ids, tt.want)
			}
		})
	}
}

func TestKeyboard(t *testing.T) {
	base := server(t)
	ctx := browser.Tab(t)
	browser.Navigate(t, ctx, base+"/good")
	browser.SkipLink(t, ctx)
	got := browser.TabSequence(t, ctx, 1)
	if got[0].Tag != "a" || got[0].Href != "/x" || got[0].Text != "A link" {
		t.Errorf("after the skip link Tab reached %+v, want the link in main", got[0])
	}
}

// TestFocusVisibleFails checks that FocusVisible notices a hidden focus
// ring, using a recorder in place of the test.
func TestFocusVisibleFails(t *testing.T) {
	base := server(t)
	ctx := browser.Tab(t)
	browser.Navigate(t, ctx, base+"/nofocus")
	rec := &recorder{TB: t}
	browser.TabSequence(rec, ctx, 1)
	if !rec.failed {
		t.Error("FocusVisible accepted a link with outline: none")
	}
}

// recorder is a testing.TB that notes errors instead of failing.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Helper()               {}
