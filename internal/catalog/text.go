package catalog

import (
	"regexp"
	"strings"
)

// cleanSpace trims s and collapses runs of white space to one blank.
func cleanSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

var (
	// placeholderRE matches texts that editors put in instead of content.
	placeholderRE = regexp.MustCompile(`(?i)^(platzhalter.*|.*\bplatzhalter\b.*|t\.?b\.?d\.?|todo|tba|folgt|wird nachgereicht|n\.?\s?a\.?|k\.?\s?a\.?|x+|-+|\?+|\.+|lorem ipsum.*|dummy.*|test|text|beschreibung|inhalt)$`)
	// testNameRE matches names of test rows such as "Test 124".
	testNameRE = regexp.MustCompile(`(?i)^test\s*\d+$`)
	// legalWordRE matches what every real legal reference contains: a
	// paragraph or article sign, a number, or a word for a legal act.
	legalWordRE = regexp.MustCompile(`§|\d|(?i:\bart\.?\s|artikel|gesetz|verordnung|ordnung|richtlinie|vertrag|satzung|abkommen|erlass)|\b[A-ZÄÖÜ]{2,}`)
)

// isPlaceholder reports whether s is a placeholder instead of content.
func isPlaceholder(s string) bool { return placeholderRE.MatchString(strings.TrimSpace(s)) }

// plausibleLegalBasis reports whether s looks like a legal reference at
// all; keyboard noise such as "asdqw" does not.
func plausibleLegalBasis(s string) bool { return legalWordRE.MatchString(s) }

// cleanText returns s without surrounding space, or "" if s is a
// placeholder; XZuFi and JSON imports pass every text section through it.
func cleanText(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s != "" && isPlaceholder(s) {
		return "", true
	}
	return s, false
}

// businessSituations are the OZG Unternehmenslagen (life situations of
// businesses); every other OZG Lebenslage is one of citizens.
var businessSituations = map[string]bool{
	"Unternehmensstart & Gewerbezulassung": true, "Arbeitgeber sein": true,
	"Anlagen & Stoffe": true, "Logistik & Transport": true, "Querschnitt Unternehmen": true,
	"Finanzierung & Förderung": true, "Ausschreibungen & öffentliche Aufträge": true,
	"Auslandsgeschäft": true, "Steuern & Abgaben": true, "Statistik- & Berichtspflichten": true,
	"Forschung & Entwicklung": true, "Geschäftsauflösung & Unternehmensübergang": true,
	"Arbeitssicherheit": true, "Veranstaltung durchführen": true, "Abfall & Umweltschutz": true,
	"Bauen & Immobilien": true, "Aus-, Weiterbildung & Sachkunde": true,
}

// audienceOf derives the target group from the OZG life situation: the
// catalog has no target-group column, but the OZG splits its life
// situations into those of citizens and of businesses. Unknown → both.
func audienceOf(lifeSituation string) Audience {
	switch {
	case lifeSituation == "":
		return AudienceBoth
	case businessSituations[lifeSituation]:
		return AudienceBusiness
	default:
		return AudienceCitizens
	}
}

// fold lower-cases s and replaces umlauts and ß, so that "Görlitz",
// "goerlitz" and "GORLITZ" prefixes compare alike in SQL LIKE on both
// engines. Both the stored column and the query are folded.
func fold(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return foldReplacer.Replace(s)
}

var foldReplacer = strings.NewReplacer("ä", "a", "ö", "o", "ü", "u", "ß", "ss", "ae", "a", "oe", "o", "ue", "u", "é", "e")
