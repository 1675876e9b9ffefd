package casework

import (
	"regexp"
	"strings"
)

// AuthorityName is the issuing authority's name in the grammatical
// forms a notice needs (Behördenbezeichnung im Satz): "das Landratsamt
// Bautzen", "des Landratsamts Bautzen", "beim Landratsamt Bautzen", or
// "die Stadt Dresden", "der Stadt Dresden", "bei der Stadt Dresden". The
// gender is that of the name's head noun, found by its ending (German
// compounds take the gender of their last part: Landrats|amt, Landes|haupt|stadt);
// a name whose head noun is not known gets forms without an article
// ("von Jobcenter X", "bei Jobcenter X") rather than a wrong one.
type AuthorityName struct {
	Nominative string // with article: "das Landratsamt Bautzen"
	Genitive   string // "des Landratsamts Bautzen"
	Dative     string // "dem Landratsamt Bautzen"
	At         string // "beim Landratsamt Bautzen" (bei + dative, contracted)
}

// gender is the grammatical gender of an authority's head noun.
type gender int

const (
	unknownGender gender = iota
	masculine
	feminine
	neuter
)

// headNounEndings map the endings of head nouns to their gender, longest
// first where one ending contains another (…verwaltung before …ung).
var headNounEndings = []struct {
	suffix string
	g      gender
}{
	{"amt", neuter}, {"präsidium", neuter}, {"ministerium", neuter}, {"werk", neuter}, {"zentrum", neuter},
	{"büro", neuter}, {"gericht", neuter}, {"haus", neuter}, {"referat", neuter}, {"center", neuter}, {"direktorium", neuter},
	{"stadt", feminine}, {"gemeinde", feminine}, {"behörde", feminine}, {"kasse", feminine}, {"agentur", feminine},
	{"stelle", feminine}, {"kammer", feminine}, {"kanzlei", feminine}, {"schaft", feminine}, {"ung", feminine},
	{"ion", feminine}, {"anstalt", feminine}, {"senatsverwaltung", feminine}, {"universität", feminine}, {"hochschule", feminine},
	{"kreis", masculine}, {"verband", masculine}, {"bezirk", masculine}, {"markt", masculine}, {"betrieb", masculine},
	{"dienst", masculine}, {"rat", masculine}, {"senat", masculine}, {"landkreis", masculine},
}

// adjective matches a declined adjective before the head noun
// ("Sächsisches", "Städtische", "Kommunaler"): stem and ending.
var adjective = regexp.MustCompile(`^(\p{Lu}\p{L}*(?:isch|al|lich|ig|är))(es|e|er)$`)

// NameAuthority returns the grammatical forms of the authority name.
func NameAuthority(name string) AuthorityName {
	name = strings.Join(strings.Fields(name), " ")
	words := strings.Split(name, " ")
	var adjs []string // adjective stems before the head noun
	i := 0
	for ; i < len(words)-1; i++ {
		m := adjective.FindStringSubmatch(words[i])
		if m == nil {
			break
		}
		adjs = append(adjs, m[1])
	}
	if name == "" || i >= len(words) {
		return AuthorityName{Nominative: name, Genitive: name, Dative: name, At: "bei " + name}
	}
	head, rest := words[i], strings.Join(words[i+1:], " ")
	g := genderOf(head)
	if g == unknownGender {
		return AuthorityName{Nominative: name, Genitive: "von " + name, Dative: name, At: "bei " + name}
	}
	join := func(article, adjEnd, noun string) string {
		parts := []string{article}
		for _, a := range adjs {
			parts = append(parts, a+adjEnd)
		}
		parts = append(parts, noun)
		if rest != "" {
			parts = append(parts, rest)
		}
		return strings.Join(parts, " ")
	}
	switch g {
	case feminine:
		dat := join("der", "en", head)
		return AuthorityName{Nominative: join("die", "e", head), Genitive: join("der", "en", head), Dative: dat, At: "bei " + dat}
	case masculine:
		dat := join("dem", "en", head)
		return AuthorityName{Nominative: join("der", "e", head), Genitive: join("des", "en", genitiveS(head)), Dative: dat,
			At: "beim" + strings.TrimPrefix(dat, "dem")}
	default:
		dat := join("dem", "en", head)
		return AuthorityName{Nominative: join("das", "e", head), Genitive: join("des", "en", genitiveS(head)), Dative: dat,
			At: "beim" + strings.TrimPrefix(dat, "dem")}
	}
}

// genderOf finds the gender of a head noun by its ending; a hyphenated
// compound ("Bürger-Service-Center") by its last part.
func genderOf(noun string) gender {
	if i := strings.LastIndex(noun, "-"); i >= 0 {
		noun = noun[i+1:]
	}
	noun = strings.ToLower(noun)
	best, g := 0, unknownGender
	for _, e := range headNounEndings {
		if strings.HasSuffix(noun, e.suffix) && len(e.suffix) > best {
			best, g = len(e.suffix), e.g
		}
	}
	return g
}

// genitiveS is the strong genitive of a masculine or neuter noun: "-es"
// after a sibilant (Kreises), else "-s" (Landratsamts, Bezirks); nouns
// ending in a vowel sound take "-s" too (Büros, Centers).
func genitiveS(noun string) string {
	for _, end := range []string{"s", "ß", "x", "z"} {
		if strings.HasSuffix(noun, end) {
			return noun + "es"
		}
	}
	return noun + "s"
}
