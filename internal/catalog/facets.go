package catalog

import (
	_ "embed"
	"encoding/json"
	"strings"
)

// facetNamesJSON holds the OZG topics (Themenfelder) and life situations
// (Lebenslagen) in languages other than German, keyed by their German name
// as the LeiKa/OZG catalog writes it (content/facets.json).
//
//go:embed content/facets.json
var facetNamesJSON []byte

// facetNames are the translated topic and life-situation names:
// kind ("topics", "situations") → German name → language → name.
var facetNames = mustFacetNames(facetNamesJSON)

func mustFacetNames(b []byte) map[string]map[string]map[string]string {
	var m map[string]map[string]map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		panic("catalog: content/facets.json: " + err.Error())
	}
	return m
}

// TopicIn returns the name of the OZG topic (Themenfeld) topic in lang,
// or topic itself when there is no translation (German, or a topic an
// import added).
func TopicIn(topic, lang string) string { return facetIn("topics", topic, lang) }

// SituationIn returns the name of the life situation (Lebenslage) in lang,
// or situation itself when there is no translation.
func SituationIn(situation, lang string) string { return facetIn("situations", situation, lang) }

func facetIn(kind, name, lang string) string {
	if t := facetNames[kind][strings.TrimSpace(name)][lang]; t != "" {
		return t
	}
	return name
}
