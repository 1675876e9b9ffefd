package casework

import (
	"slices"
	"testing"
)

// TestApplicantAddress: the address field takes the delivery address over
// the home address, looks into person groups, and skips values that are
// no address (bussgeld-einspruch's "zustellung" is a date).
func TestApplicantAddress(t *testing.T) {
	t.Parallel()
	addr := func(street, no, pc, place string) map[string]any {
		return map[string]any{"street": street, "number": no, "postal_code": pc, "place": place}
	}
	for _, tt := range []struct {
		name    string
		answers map[string]any
		want    []string
	}{
		{"top level", map[string]any{"anschrift": addr("Louisenstraße", "37", "01099", "Dresden")},
			[]string{"Louisenstraße 37", "01099 Dresden"}},
		{"delivery first", map[string]any{"wohnanschrift": addr("A-Weg", "1", "01067", "Dresden"),
			"zustellanschrift": addr("Postfach-Allee", "2", "04109", "Leipzig")}, []string{"Postfach-Allee 2", "04109 Leipzig"}},
		{"in a person group", map[string]any{"antragsteller": map[string]any{"anschrift": addr("Markt", "1", "02625", "Bautzen")}},
			[]string{"Markt 1", "02625 Bautzen"}},
		{"a date named zustellung", map[string]any{"zustellung": "2026-03-01", "anschrift": addr("Ring", "", "09111", "Chemnitz")},
			[]string{"Ring", "09111 Chemnitz"}},
		{"no place", map[string]any{"anschrift": map[string]any{"street": "Ring"}}, nil},
		{"none", map[string]any{"name": "Anna Schmidt"}, nil},
	} {
		if got := applicantAddress(tt.answers); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
