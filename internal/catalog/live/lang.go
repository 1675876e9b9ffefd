package live

import "github.com/amtsweg/amtsweg/internal/catalog"

// NameIn returns the facet's name in lang (catalog.TopicIn,
// catalog.SituationIn), the German name where there is no translation.
// Topic and life-situation names of the OZG catalog never coincide, so one
// lookup in each table is enough.
func (f Facet) NameIn(lang string) string {
	if n := catalog.TopicIn(f.Name, lang); n != f.Name {
		return n
	}
	return catalog.SituationIn(f.Name, lang)
}

// TopicIn returns the name of the entry's topic (Themenfeld) in lang.
func (e *Entry) TopicIn(lang string) string { return catalog.TopicIn(e.Topic, lang) }

// SituationIn returns the name of the entry's life situation (Lebenslage)
// in lang.
func (e *Entry) SituationIn(lang string) string { return catalog.SituationIn(e.LifeSituation, lang) }
