package search

import "testing"

func TestGlossaryGerman(t *testing.T) {
	t.Parallel()
	g := parseGlossary(glossaryText)
	cases := []struct{ in, want string }{
		{"dog tax", "hund steuer"},
		{"How do I get a driving licence?", "get führerschein"}, // longest phrase, stop words dropped
		{"Elterngeld", "elterngeld"},                            // German words stay
		{"register my car", "anmelden kfz"},
		{"Kfz registration", "kfz anmeldung"},
	}
	for _, tc := range cases {
		if got := g.german(tc.in); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}
