package search

import (
	_ "embed"
	"slices"
	"strings"
)

// synonymText is the maintained synonym list: one group per line, entries
// separated by commas, '#' starts a comment. See synonyms.txt.
//
//go:embed synonyms.txt
var synonymText string

// synonymGroups parses text into groups of entries; an entry may have
// several words ("ehe schließen").
func synonymGroups(text string) [][]string {
	var groups [][]string
	for _, line := range strings.Split(stripComments(text), "\n") {
		var group []string
		for _, e := range strings.Split(line, ",") {
			if e = strings.TrimSpace(e); e != "" {
				group = append(group, e)
			}
		}
		if len(group) > 1 {
			groups = append(groups, group)
		}
	}
	return groups
}

// synonymTable maps the stem of a one-word entry to the analysed other
// entries of every group it belongs to, each once: "anmelden" and
// "anmeldung" share a stem and a group, and each repeated alternative
// added a term searcher over long postings to every query with the word.
type synonymTable map[string][]entryWords

// entryWords is one analysed synonym entry.
type entryWords []word

// same reports whether e and o are the same words.
func (e entryWords) same(o entryWords) bool {
	return slices.EqualFunc(e, o, func(a, b word) bool { return a.stem == b.stem && slices.Equal(a.parts, b.parts) })
}

// compileSynonyms analyses every entry with a (the index's own analysis).
func compileSynonyms(groups [][]string, a func(string) []word) synonymTable {
	table := make(synonymTable)
	for _, g := range groups {
		entries := make([]entryWords, 0, len(g))
		for _, e := range g {
			if ws := a(e); len(ws) > 0 {
				entries = append(entries, ws)
			}
		}
		for i, e := range entries {
			if len(e) != 1 {
				continue // multi-word entries are only alternatives
			}
			key := e[0].stem
			for j, alt := range entries {
				if j != i && !(len(alt) == 1 && alt[0].stem == key) && !slices.ContainsFunc(table[key], alt.same) {
					table[key] = append(table[key], alt)
				}
			}
		}
	}
	return table
}
