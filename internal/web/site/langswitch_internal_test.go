package site

import (
	"net/http/httptest"
	"testing"
)

// TestSwitchTarget: the language switch returns to the same page with its
// query string, and after a POST to the page the form was sent from.
func TestSwitchTarget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, method, target, referer, want string
	}{
		{"service page with place", "GET", "/leistungen/99115005104000?ort=01067", "", "/leistungen/99115005104000?ort=01067"},
		{"search with filters", "GET", "/suche?q=wohngeld&thema=familie-kind&seite=2", "", "/suche?q=wohngeld&thema=familie-kind&seite=2"},
		{"form page after POST", "POST", "/antraege/7/seiten/2", "http://example.org/antraege/7/seiten/2?x=1", "/antraege/7/seiten/2?x=1"},
		{"POST without referer", "POST", "/anmelden?next=%2Fkonto", "", "/anmelden"},
		{"foreign referer ignored", "POST", "/anmelden", "http://evil.example/phish", "/anmelden"},
		{"unsafe referer path ignored", "POST", "/anmelden", "http://example.org//evil.example/", "/anmelden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest(tt.method, "http://example.org"+tt.target, nil)
			if tt.referer != "" {
				r.Header.Set("Referer", tt.referer)
			}
			if got := switchTarget(r); got != tt.want {
				t.Errorf("switchTarget = %q, want %q", got, tt.want)
			}
		})
	}
}
