package search

import "testing"

func TestOSADistance(t *testing.T) {
	t.Parallel()
	cases := []struct {
		a, b  string
		limit int
		want  int
	}{
		{"hund", "hund", 2, 0},
		{"hnud", "hund", 2, 1}, // transposition
		{"hund", "hunde", 2, 1},
		{"kndrgeld", "kindergeld", 2, 2},
		{"xylophon", "anmeldung", 2, 3}, // beyond the limit: limit+1
		{"", "abc", 5, 3},
	}
	for _, tc := range cases {
		if got := osaDistance(tc.a, tc.b, tc.limit); got != tc.want {
			t.Errorf("osaDistance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.limit, got, tc.want)
		}
	}
}

func TestDecompound(t *testing.T) {
	t.Parallel()
	d := decompounder{dict: map[string]bool{
		"hund": true, "hunde": true, "steuer": true, "wohnsitz": true, "anmeldung": true,
		"geburt": true, "urkunde": true, "kind": true, "kinder": true, "geld": true, "an": true,
	}}
	cases := []struct {
		word string
		want []string
	}{
		{"hundesteuer", []string{"hunde", "steuer"}}, // no linking letter beats "hund"+e
		{"wohnsitzanmeldung", []string{"wohnsitz", "anmeldung"}},
		{"geburtsurkunde", []string{"geburt", "urkunde"}}, // linking s
		{"kindergeld", []string{"kinder", "geld"}},
		{"anmeldung", nil},   // "an" is below the minimum part length
		{"steuer", nil},      // a known word with no split
		{"xyzsteuer", nil},   // unknown first part
		{"hund2steuer", nil}, // digits are never split
	}
	for _, tc := range cases {
		got := d.split(tc.word)
		if len(got) != len(tc.want) {
			t.Errorf("split(%q) = %q, want %q", tc.word, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("split(%q) = %q, want %q", tc.word, got, tc.want)
			}
		}
	}
}
