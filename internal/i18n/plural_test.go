package i18n_test

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/i18n"
)

// TestPluralForms: every plural message has exactly the CLDR forms its
// language needs, in both languages; every form uses only placeholders
// of the "other" form; and every message that shows a {count} is a plural
// message, so no text can say "1 Einträge" or "Datei(en)".
func TestPluralForms(t *testing.T) {
	t.Parallel()
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	placeholder := regexp.MustCompile(`\{[a-z_]+\}`)
	for _, l := range i18n.Langs() {
		need := i18n.Forms(l)
		if !slices.Equal(need, []string{"one", "other"}) {
			t.Errorf("%s: CLDR forms %v, want one and other", l, need)
		}
		for _, k := range c.Keys(l) {
			forms := c.PluralForms(l, k)
			if forms == nil {
				if msg := c.T(l, k); strings.Contains(msg, "{count}") || strings.Contains(msg, "(en)") || strings.Contains(msg, "(s)") {
					t.Errorf("%s: %s shows a count but has no plural forms: %q", l, k, msg)
				}
				continue
			}
			for _, other := range i18n.Langs() {
				if c.PluralForms(other, k) == nil {
					t.Errorf("%s: %s is a plural message in %s only", other, k, l)
				}
			}
			if got := slices.Sorted(maps.Keys(forms)); !slices.Equal(got, need) {
				t.Errorf("%s: %s has forms %v, the language needs %v", l, k, got, need)
			}
			allowed := placeholder.FindAllString(forms["other"], -1)
			for name, text := range forms {
				for _, p := range placeholder.FindAllString(text, -1) {
					if !slices.Contains(allowed, p) {
						t.Errorf("%s: %s form %s uses %s, which its other form lacks", l, k, name, p)
					}
				}
			}
		}
	}
}

func TestPluralT(t *testing.T) {
	t.Parallel()
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang  i18n.Lang
		key   string
		count any
		want  string
	}{
		{i18n.German, "procedure.too_few_items", 1, "Bitte geben Sie mindestens einen Eintrag an."},
		{i18n.German, "procedure.too_few_items", 2, "Bitte geben Sie mindestens 2 Einträge an."},
		{i18n.German, "procedure.too_few_items", 0, "Bitte geben Sie mindestens 0 Einträge an."},
		{i18n.English, "procedure.file_count", 1, "Please upload at most one file."},
		{i18n.English, "procedure.file_count", int64(21), "Please upload at most 21 files."},
		{i18n.German, "search.count", 1, "1 Leistung gefunden."},
		{i18n.German, "search.count", 11, "11 Leistungen gefunden."},
		{i18n.English, "search.count", "1", "1 service found."},
		{i18n.English, "search.count", "1.5", "1.5 services found."},
	}
	for _, tt := range tests {
		if got := c.T(tt.lang, tt.key, "count", tt.count); got != tt.want {
			t.Errorf("T(%s, %s, count %v) = %q, want %q", tt.lang, tt.key, tt.count, got, tt.want)
		}
	}
}
