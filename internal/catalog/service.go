package catalog

import (
	"fmt"
	"regexp"
)

// Service is one administrative service (Leistung). Its identity is Key: the
// 14-digit LeiKa key (Leistungsschlüssel) where the source has one, otherwise
// a local key (see LocalKey). The struct is the stable exchange type of the
// package: parsers fill it, the database stores it, search indexes it.
type Service struct {
	// ID is the database id; 0 until the service is stored.
	ID int64
	// Key identifies the service everywhere (responsibilities, procedures,
	// URLs): the LeiKa key, or a local key "nl-…" / "x-…" for services
	// without one. It never changes for a stored service.
	Key string
	// LeiKaKey is the 14-digit Leistungsschlüssel; "" when the source has
	// none ("nicht im LeiKa") or an invalid one.
	LeiKaKey string
	// Name is the service name (Leistungsbezeichnung).
	Name string
	// Synonyms are alternative names citizens search for (Synonyme).
	Synonyms []string
	// Audience is who uses the service (Zielgruppe).
	Audience Audience
	// LifeSituation is the OZG Lebenslage or Unternehmenslage, e.g. "Geburt".
	LifeSituation string
	// Topic is the OZG Themenfeld, e.g. "Familie & Kind".
	Topic string
	// OZGID and OZGName name the OZG service bundle (OZG-Leistung) the
	// service belongs to, e.g. "10000" / "Elterngeld".
	OZGID   string
	OZGName string
	// Type is the LeiKa service type (Leistungstyp) as the source writes it:
	// "1" (federal rule and execution), "2/3" (federal rule, state
	// execution), "4" (state), "5" (municipal), … ; "" when unknown.
	Type string
	// Texts are the citizen-facing text sections (Leistungsbeschreibung).
	Texts Texts
	// LegalBasis lists the legal references (Rechtsgrundlagen).
	LegalBasis []LegalRef
	// Assurance is the login level an online application needs
	// (Vertrauensniveau); "" when not specified.
	Assurance AssuranceLevel
	// ProcedureID is the online procedure (Onlinedienst) that implements
	// the service; 0 when there is none.
	ProcedureID int64
	// Placeholder marks a source row that is a test or placeholder entry
	// (e.g. "Test 124"); it is kept for traceability but not shown to
	// citizens.
	Placeholder bool
	// Flags name data-quality findings of the import, e.g. "no-leika-key",
	// "placeholder-legal-basis"; sorted, without duplicates.
	Flags []string
	// Source names where the service came from: "leika", "xzufi", "demo".
	Source string
	// Translations are the service's name and texts in languages other
	// than German (Übersetzungen), keyed by language ("en"); nil when
	// there are none. German is always Name, Synonyms and Texts.
	Translations map[string]Translation
}

// Translation is a service's name, search words and text sections in one
// language other than German (Übersetzung). Empty fields fall back to the
// German ones where a page shows them.
type Translation struct {
	Name     string   `json:"name,omitempty"`
	Synonyms []string `json:"synonyms,omitempty"`
	Texts    Texts    `json:"texts,omitempty"`
}

// Texts are the text sections of a service description (Leistungs-
// beschreibung), one per text module of the XZuFi code list
// urn:de:xzufi:codeliste:leistungstextmodulleika (see xzufi_codes.go) and
// one per structured module (modulKosten, modulFrist,
// modulBearbeitungsdauer). Placeholder texts of the source ("Platzhalter",
// "tbd", …) are never stored here. A section named in Rich holds HTML that
// went through SanitizeHTML; every other section is plain text.
type Texts struct {
	Title          string `json:"title,omitempty"`          // 03 Leistungsname (Leistungsbezeichnung II)
	Teaser         string `json:"teaser,omitempty"`         // 24 Teaser
	Summary        string `json:"summary,omitempty"`        // 05 Kurztext
	Description    string `json:"description,omitempty"`    // 06 Volltext
	Prerequisites  string `json:"prerequisites,omitempty"`  // 09 Voraussetzungen
	Documents      string `json:"documents,omitempty"`      // 08 (erforderliche) Unterlagen
	Fees           string `json:"fees,omitempty"`           // modulKosten: Kosten / Gebühren
	Deadlines      string `json:"deadlines,omitempty"`      // modulFrist: Fristen
	ProcessingTime string `json:"processingTime,omitempty"` // modulBearbeitungsdauer: Bearbeitungsdauer
	Process        string `json:"process,omitempty"`        // 11 Verfahrensablauf
	Forms          string `json:"forms,omitempty"`          // 14 Formulare
	Legal          string `json:"legal,omitempty"`          // 07 Handlungsgrundlagen (the text; links are LegalBasis)
	Remedy         string `json:"remedy,omitempty"`         // 25 Rechtsbehelf
	Hints          string `json:"hints,omitempty"`          // 16 Hinweise (Besonderheiten)
	MoreInfo       string `json:"moreInfo,omitempty"`       // 15 Weiterführende Informationen
	Responsible    string `json:"responsible,omitempty"`    // 22 Zuständige Stelle
	Contact        string `json:"contact,omitempty"`        // 23 Ansprechpunkt
	Author         string `json:"author,omitempty"`         // 18 Urheber
	// Rich names the sections (by their JSON names, sorted, comma-
	// separated) that hold sanitised HTML rather than plain text; a
	// string, not a set, so that Texts stays comparable.
	Rich string `json:"rich,omitempty"`
}

// LegalRef is one legal reference (Rechtsgrundlage) with an optional link.
type LegalRef struct {
	Text string `json:"text"`
	URL  string `json:"url,omitempty"`
}

// Audience is the target group of a service or responsibility (Zielgruppe).
type Audience string

// The audiences. AudienceAny ("") in a responsibility or a query means "no
// restriction".
const (
	AudienceAny       Audience = ""
	AudienceCitizens  Audience = "citizens"   // Bürgerinnen und Bürger
	AudienceBusiness  Audience = "businesses" // Unternehmen
	AudienceBoth      Audience = "both"       // beide
	audienceListValid          = "citizens, businesses, both"
)

// ParseAudience checks s and returns it as an Audience.
func ParseAudience(s string) (Audience, error) {
	switch a := Audience(s); a {
	case AudienceAny, AudienceCitizens, AudienceBusiness, AudienceBoth:
		return a, nil
	}
	return "", fmt.Errorf("unknown audience %q (want %s)", s, audienceListValid)
}

// AssuranceLevel is the eIDAS assurance level (Vertrauensniveau) an online
// application requires.
type AssuranceLevel string

// The assurance levels; "" means not specified.
const (
	AssuranceLow         AssuranceLevel = "low"         // niedrig
	AssuranceSubstantial AssuranceLevel = "substantial" // substanziell
	AssuranceHigh        AssuranceLevel = "high"        // hoch
)

var (
	leikaKeyRE = regexp.MustCompile(`^\d{14}$`)
	localKeyRE = regexp.MustCompile(`^[a-z][a-z0-9-]{2,63}$`)
	groupKeyRE = regexp.MustCompile(`^\d{8}$`)
)

// ValidLeiKaKey reports whether k is a 14-digit LeiKa key.
func ValidLeiKaKey(k string) bool { return leikaKeyRE.MatchString(k) }

// validServiceKey reports whether k can identify a service: a LeiKa key or
// a local key of lower-case letters, digits and dashes.
func validServiceKey(k string) bool { return ValidLeiKaKey(k) || localKeyRE.MatchString(k) }

// GroupOf returns the LeiKa service group (Leistungsobjekt: the first 8
// digits, e.g. "99041006" for all Elterngeld services) of a LeiKa key, or ""
// for local keys. Responsibilities may name a group instead of one service.
func GroupOf(key string) string {
	if !ValidLeiKaKey(key) {
		return ""
	}
	return key[:8]
}
