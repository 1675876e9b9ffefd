package casework

import (
	"strings"
)

// salutation is the opening of a notice (Anrede) from what the
// application says about the applicant: "Sehr geehrte Frau Schmidt," or
// "Sehr geehrter Herr Dr. Weber," when the answers name the form of
// address or the sex (anrede, geschlecht); "Guten Tag Anna Schmidt,"
// when only the name is known (correct for everyone, including people
// who are neither Frau nor Herr); "Sehr geehrte Damen und Herren," for a
// business or no name. Never "Sehr geehrte(r)".
func salutation(answers map[string]any, name string) string {
	name = strings.Join(strings.Fields(name), " ")
	if name == "" || isCompany(answers, name) {
		return "Sehr geehrte Damen und Herren,"
	}
	switch formOfAddress(answers) {
	case "Frau":
		return "Sehr geehrte Frau " + surname(name) + ","
	case "Herr":
		return "Sehr geehrter Herr " + surname(name) + ","
	}
	return "Guten Tag " + name + ","
}

// personGroups are the answer groups that describe the applying person.
var personGroups = []string{"antragsteller", "person", "inhaber", "halter", "applicant"}

// answerIn returns the first non-empty text under one of keys, at the
// top level of the answers or in a person group.
func answerIn(answers map[string]any, keys ...string) string {
	maps := []map[string]any{answers}
	for _, g := range personGroups {
		if m, ok := answers[g].(map[string]any); ok {
			maps = append(maps, m)
		}
	}
	for _, m := range maps {
		for _, k := range keys {
			if s, ok := m[k].(string); ok && strings.TrimSpace(s) != "" {
				return strings.TrimSpace(s)
			}
		}
	}
	return ""
}

// formOfAddress is "Frau", "Herr" or "" from an answer such as
// anrede=frau or geschlecht=m; "divers", "keine Angabe" and everything
// else give "" (the neutral form).
func formOfAddress(answers map[string]any) string {
	switch strings.ToLower(answerIn(answers, "anrede", "geschlecht", "salutation", "gender")) {
	case "frau", "w", "weiblich", "f", "female", "ms", "mrs":
		return "Frau"
	case "herr", "m", "männlich", "maennlich", "male", "mr":
		return "Herr"
	}
	return ""
}

// isCompany reports whether name is a business's (the answers' firma).
func isCompany(answers map[string]any, name string) bool {
	firm := answerIn(answers, "firma", "firmenname")
	return firm != "" && strings.EqualFold(firm, name) && answerIn(answers, "familienname", "name") == ""
}

// nameParticles start a family name ("von der Leyen", "van Dijk").
var nameParticles = map[string]bool{"von": true, "vom": true, "van": true, "de": true, "der": true, "den": true,
	"zu": true, "zum": true, "zur": true, "di": true, "da": true, "del": true, "la": true, "le": true, "ten": true, "ter": true}

// surname is the family name in a full name, with a leading academic
// title kept as German salutations do ("Dr. Anna Weber" → "Dr. Weber").
func surname(full string) string {
	words := strings.Fields(full)
	var titles []string
	for len(words) > 1 && (strings.HasSuffix(words[0], ".") && len(words[0]) <= 6) {
		titles = append(titles, words[0])
		words = words[1:]
	}
	i := len(words) - 1
	for i > 1 && nameParticles[words[i-1]] {
		i--
	}
	return strings.Join(append(titles, words[i:]...), " ")
}
