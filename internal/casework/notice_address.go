package casework

import (
	"strings"
)

// addressKeys are the answers that hold the applicant's postal address
// (Anschrift), most specific first: a delivery address over the home
// address over an address of unknown purpose.
var addressKeys = []string{"zustellanschrift", "postanschrift", "anschrift", "wohnanschrift"}

// applicantAddress is the applicant's postal address from the answers as
// lines for the notice's address field ("Louisenstraße 37", "01099
// Dresden"), looked up at the top level, in a person group and in a
// "zustellung" group; nil when the application has none.
func applicantAddress(answers map[string]any) []string {
	maps := []map[string]any{}
	for _, g := range []string{"zustellung"} {
		if m, ok := answers[g].(map[string]any); ok {
			maps = append(maps, m)
		}
	}
	maps = append(maps, answers)
	for _, g := range personGroups {
		if m, ok := answers[g].(map[string]any); ok {
			maps = append(maps, m)
		}
	}
	for _, k := range addressKeys {
		for _, m := range maps {
			if lines := addressLinesOf(m[k]); lines != nil {
				return lines
			}
		}
	}
	return nil
}

// addressLinesOf formats an address value (procedure.Address: street,
// number, postal_code, place); nil for anything else or an address
// without its place.
func addressLinesOf(v any) []string {
	m, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	str := func(k string) string { s, _ := m[k].(string); return strings.TrimSpace(s) }
	street := strings.TrimSpace(str("street") + " " + str("number"))
	town := strings.TrimSpace(str("postal_code") + " " + str("place"))
	if street == "" || str("place") == "" {
		return nil
	}
	return []string{street, town}
}
