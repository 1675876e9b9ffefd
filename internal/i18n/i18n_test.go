package i18n_test

import (
	"regexp"
	"slices"
	"testing"

	"github.com/amtsweg/amtsweg/internal/i18n"
)

// TestCatalogsMatch checks that every language has exactly the keys of the
// default language, with the same placeholders, and no empty texts.
func TestCatalogsMatch(t *testing.T) {
	t.Parallel()
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	base := c.Keys(i18n.Default)
	if len(base) == 0 {
		t.Fatal("default catalog is empty")
	}
	placeholder := regexp.MustCompile(`\{[a-z]+\}`)
	for _, l := range i18n.Langs() {
		if got := c.Keys(l); !slices.Equal(got, base) {
			t.Errorf("%s: keys differ from %s:\n only in %s: %v\n only in %s: %v",
				l, i18n.Default, l, minus(got, base), i18n.Default, minus(base, got))
		}
		for _, k := range base {
			msg, want := c.T(l, k), c.T(i18n.Default, k)
			if msg == "" {
				t.Errorf("%s: %s is empty", l, k)
			}
			if a, b := placeholder.FindAllString(msg, -1), placeholder.FindAllString(want, -1); !slices.Equal(sorted(a), sorted(b)) {
				t.Errorf("%s: %s has placeholders %v, %s has %v", l, k, a, i18n.Default, b)
			}
		}
	}
}

func TestT(t *testing.T) {
	t.Parallel()
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang i18n.Lang
		key  string
		args []any
		want string
	}{
		{i18n.German, "nav.imprint", nil, "Impressum"},
		{i18n.English, "nav.imprint", nil, "Imprint"},
		{i18n.German, "error.ref", []any{"ref", "ab12"}, "Referenznummer: ab12"},
		{i18n.English, "no.such.key", nil, i18n.MissingMarker + " no.such.key]]"},
		{"fr", "nav.imprint", nil, i18n.MissingMarker + " nav.imprint]]"},
	}
	for _, tt := range tests {
		if got := c.T(tt.lang, tt.key, tt.args...); got != tt.want {
			t.Errorf("T(%s, %s) = %q, want %q", tt.lang, tt.key, got, tt.want)
		}
	}
}

func TestNegotiate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		choice, accept string
		want           i18n.Lang
	}{
		{"", "", i18n.German},
		{"", "en-GB,en;q=0.9", i18n.English},
		{"", "fr-FR,fr;q=0.9,en;q=0.8,de;q=0.7", i18n.English},
		{"", "fr, es", i18n.German},
		{"", "en;q=0.5, de-AT;q=0.6", i18n.German},
		{"", "en;q=bogus", i18n.German},
		{"de", "en", i18n.German},
		{"en", "de", i18n.English},
		{"xx", "en", i18n.English},
	}
	for _, tt := range tests {
		if got := i18n.Negotiate(tt.choice, tt.accept); got != tt.want {
			t.Errorf("Negotiate(%q, %q) = %s, want %s", tt.choice, tt.accept, got, tt.want)
		}
	}
}

func minus(a, b []string) []string {
	var out []string
	for _, k := range a {
		if !slices.Contains(b, k) {
			out = append(out, k)
		}
	}
	return out
}

func sorted(s []string) []string { slices.Sort(s); return s }
