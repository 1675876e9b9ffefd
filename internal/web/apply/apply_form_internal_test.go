package apply

import (
	"testing"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/i18n"
)

// TestBreakable: file names get break opportunities after _ - . and stay
// escaped.
func TestBreakable(t *testing.T) {
	got := formFile{Name: "Wohnungsgeberbestätigung_<b>Müller-2026.pdf"}.Breakable()
	want := "Wohnungsgeberbestätigung_<wbr>&lt;b&gt;Müller-<wbr>2026.<wbr>pdf"
	if string(got) != want {
		t.Errorf("Breakable = %q, want %q", got, want)
	}
}

// TestLimitSize: a limit reads in the unit it was set in.
func TestLimitSize(t *testing.T) {
	for _, tt := range []struct {
		n    int64
		lang string
		want string
	}{
		{10 << 20, "de", "10 MiB"},
		{20971520, "en", "20 MiB"},
		{5_000_000, "de", "5 MB"},
		{1536 << 10, "de", "1,5 MiB"},
		{512 << 10, "en", "512 KiB"},
		{2_500_000, "de", "2,5 MB"},
		{999, "de", "999 B"},
	} {
		if got, _ := limitSize(tt.lang, tt.n); got != tt.want {
			t.Errorf("limitSize(%s, %d) = %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
}

// TestFieldMessage: field errors in the catalog's words — plural forms by
// the limit, dates and numbers as the language writes them.
func TestFieldMessage(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := &Handler{msgs: c}
	for _, tt := range []struct {
		lang i18n.Lang
		key  string
		args map[string]any
		want string
	}{
		{i18n.German, "procedure.too_few_items", map[string]any{"min": 1}, "Bitte geben Sie mindestens einen Eintrag an."},
		{i18n.German, "procedure.too_few_items", map[string]any{"min": 2}, "Bitte geben Sie mindestens 2 Einträge an."},
		{i18n.English, "procedure.too_long", map[string]any{"max": 1}, "Please enter at most one character."},
		{i18n.German, "procedure.date_too_late", map[string]any{"max": "2026-12-06"}, "Das Datum darf nicht nach dem 06.12.2026 liegen."},
		{i18n.English, "procedure.date_too_early", map[string]any{"min": "2026-12-06"}, "The date must not be before 6 December 2026."},
		{i18n.German, "procedure.too_large", map[string]any{"max": 1234567.5}, "Der Wert darf höchstens 1234567,5 betragen."},
		{i18n.German, "procedure.file_size", map[string]any{"max": int64(10 << 20)}, "Die Datei ist zu groß (höchstens 10 MiB)."},
		{i18n.English, "procedure.file_count", map[string]any{"max": 1}, "Please upload at most one file."},
	} {
		got := s.fieldMessage(tt.lang, fault.FieldError{Field: "x", Key: tt.key, Args: tt.args})
		if got != tt.want {
			t.Errorf("%s %s %v = %q, want %q", tt.lang, tt.key, tt.args, got, tt.want)
		}
	}
}
