package web

import "testing"

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
