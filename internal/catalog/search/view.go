package search

import (
	"maps"
	"sort"
	"strings"
	"unicode/utf8"
)

// view is what the index knows about its documents outside bleve: names
// for hits, the suggestion table and the did-you-mean vocabulary. It is
// immutable; Upsert and Delete store a new one.
type view struct {
	docs  map[string]entry
	names []entry      // suggestion candidates, deduplicated by name
	keys  []suggestKey // every folded name word, sorted
	vocab map[string]int
	byLen map[int][]string // the vocab's words by length in runes
	near  fuzzyTables      // name and synonym terms for near spellings
}

// entry is a document's name with what suggestions rank by.
type entry struct {
	name   string
	folded string // folded words of name, space separated
	pop    int
}

// suggestKey points from a folded name word to its entry in names.
type suggestKey struct {
	word string
	name int32
}

func newView(docs []Doc, f folder) *view {
	m := make(map[string]entry, len(docs))
	for _, d := range docs {
		m[d.ID] = entry{name: d.Name, pop: d.Popularity}
	}
	return index(m, f)
}

// with adds or replaces d; analyze is the index's analysis of a field, for
// the terms d brings to near-spelling matches.
func (v *view) with(d Doc, f folder, analyze func(field, text string) []word) *view {
	m := maps.Clone(v.docs)
	m[d.ID] = entry{name: d.Name, pop: d.Popularity}
	out := index(m, f)
	out.near = v.near.with(d, analyze)
	return out
}

// without drops the document id. Its terms stay in near: a term without
// documents matches nothing.
func (v *view) without(id string, f folder) *view {
	m := maps.Clone(v.docs)
	delete(m, id)
	out := index(m, f)
	out.near = v.near
	return out
}

// index derives names, keys and vocab from the documents.
func index(docs map[string]entry, f folder) *view {
	v := &view{docs: docs, vocab: make(map[string]int)}
	byName := make(map[string]int, len(docs))
	for id, e := range docs {
		words := f.words(e.name)
		e.folded = strings.Join(words, " ")
		docs[id] = e
		for _, w := range words {
			v.vocab[w]++
		}
		if i, ok := byName[e.name]; ok {
			v.names[i].pop = max(v.names[i].pop, e.pop)
			continue
		}
		byName[e.name] = len(v.names)
		v.names = append(v.names, e)
	}
	for i, e := range v.names {
		for _, w := range strings.Fields(e.folded) {
			v.keys = append(v.keys, suggestKey{word: w, name: int32(i)})
		}
	}
	sort.Slice(v.keys, func(i, j int) bool { return v.keys[i].word < v.keys[j].word })
	v.byLen = make(map[int][]string)
	for w := range v.vocab {
		n := utf8.RuneCountInString(w)
		v.byLen[n] = append(v.byLen[n], w)
	}
	return v
}
