package catalog

import (
	"encoding/json"
	"maps"
	"slices"
)

// NameIn returns the service's name in lang (Leistungsbezeichnung in der
// Sprache): the translation's name where there is one, else the German
// Name. Pages and the API call it with the request's language.
func (s Service) NameIn(lang string) string {
	if t, ok := s.Translations[lang]; ok && t.Name != "" {
		return t.Name
	}
	return s.Name
}

// SummaryIn returns the service's summary (Kurztext) in lang as plain
// text, falling back to the German summary.
func (s Service) SummaryIn(lang string) string {
	if t, ok := s.Translations[lang]; ok && t.Texts.Summary != "" {
		return t.Texts.Plain(SectionSummary)
	}
	return s.Texts.Plain(SectionSummary)
}

// empty reports whether t carries nothing.
func (t Translation) empty() bool {
	return t.Name == "" && len(t.Synonyms) == 0 && t.Texts == (Texts{})
}

// marshalTranslations is the column value of a service's translations:
// "{}" when there are none, so the column never holds null.
func marshalTranslations(m map[string]Translation) (string, error) {
	if len(m) == 0 {
		return "{}", nil
	}
	b, err := json.Marshal(m)
	return string(b), err
}

// unmarshalTranslations reads the column value; "{}" gives nil.
func unmarshalTranslations(col string, m *map[string]Translation) error {
	if col == "" || col == "{}" {
		*m = nil
		return nil
	}
	return json.Unmarshal([]byte(col), m)
}

// sameTranslations compares two translation maps field by field (nil and
// empty are the same).
func sameTranslations(a, b map[string]Translation) bool {
	return maps.EqualFunc(a, b, func(x, y Translation) bool {
		return x.Name == y.Name && slices.Equal(x.Synonyms, y.Synonyms) && x.Texts == y.Texts
	})
}

// mergeTranslations lays the non-empty fields of each language of add over
// base and returns the result; base is not changed.
func mergeTranslations(base, add map[string]Translation) map[string]Translation {
	if len(add) == 0 {
		return base
	}
	out := maps.Clone(base)
	if out == nil {
		out = map[string]Translation{}
	}
	for lang, t := range add {
		out[lang] = mergeTranslation(out[lang], t)
	}
	return out
}

// mergeTranslation lays the non-empty fields of add over t.
func mergeTranslation(t, add Translation) Translation {
	if add.Name != "" {
		t.Name = add.Name
	}
	if len(add.Synonyms) > 0 {
		t.Synonyms = add.Synonyms
	}
	t.Texts = mergeTexts(t.Texts, add.Texts)
	return t
}
