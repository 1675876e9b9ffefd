package search

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Doc is one searchable service as the catalog feeds it to the index.
type Doc struct {
	ID         string   // LeiKa key or another stable id; unique
	Name       string   // service name (Leistungsbezeichnung), ranked highest
	Synonyms   []string // alternative names, e.g. the OZG service name; ranked second
	Text       string   // summary, description, legal basis; ranked last
	Topic      string   // topic (Themenfeld), exact-match filter
	Situation  string   // life situation (Lebenslage), exact-match filter
	Audience   []string // target groups, e.g. "citizens", "businesses"; exact-match filter
	Popularity int      // higher first among equal scores and in suggestions
	// English is the service in English (name, synonyms, text); empty
	// when the service has no English translation. Searches with Lang
	// "en" look here.
	English DocText
}

// DocText is a document's searchable text in one language.
type DocText struct {
	Name     string
	Synonyms []string
	Text     string
}

// Index is an in-memory search index over the catalog. It is safe for
// concurrent use: searches run against an immutable snapshot while
// Replace builds the next one and swaps it in atomically.
type Index struct {
	write sync.Mutex // serialises Replace, Upsert and Delete
	cur   atomic.Pointer[snapshot]
}

// New builds an index over docs.
func New(docs []Doc) (*Index, error) {
	s, err := build(docs)
	if err != nil {
		return nil, err
	}
	x := &Index{}
	x.cur.Store(s)
	return x, nil
}

// Replace rebuilds the index from docs (dictionary, synonyms and all) and
// swaps it in; searches running meanwhile finish on the old snapshot.
func (x *Index) Replace(docs []Doc) error {
	s, err := build(docs)
	if err != nil {
		return err
	}
	x.write.Lock()
	old := x.cur.Swap(s)
	x.write.Unlock()
	go old.retire()
	return nil
}

// Upsert adds or replaces one document in place. New words it brings are
// not added to the compound dictionary until the next Replace.
func (x *Index) Upsert(d Doc) error {
	if d.ID == "" {
		return errors.New("search: doc without id")
	}
	x.write.Lock()
	defer x.write.Unlock()
	s := x.cur.Load()
	if err := s.idx.Index(d.ID, fields(d, s.fold)); err != nil {
		return fmt.Errorf("search: upsert %s: %w", d.ID, err)
	}
	s.view.Store(s.view.Load().with(d, s.fold, s.analyzeField))
	return nil
}

// Delete removes the document with id; unknown ids are not an error.
func (x *Index) Delete(id string) error {
	x.write.Lock()
	defer x.write.Unlock()
	s := x.cur.Load()
	if err := s.idx.Delete(id); err != nil {
		return fmt.Errorf("search: delete %s: %w", id, err)
	}
	s.view.Store(s.view.Load().without(id, s.fold))
	return nil
}

// Close releases the index; it must not be used afterwards.
func (x *Index) Close() error {
	x.write.Lock()
	defer x.write.Unlock()
	x.cur.Load().retire()
	return nil
}

// snapshot is one built bleve index with everything derived from the same
// documents. Readers hold refs while they use it.
type snapshot struct {
	idx      bleve.Index
	analyzer analysis.Analyzer
	syn      synonymTable
	fold     folder

	analyzerEn analysis.Analyzer
	synEn      synonymTable
	glossary   glossary  // English words to German ones (glossary.go)
	de, en     *language // the German and the English side (english.go)

	view atomic.Pointer[view]

	refs   sync.RWMutex
	closed bool
}

// acquire returns the current snapshot, read-locked against retirement.
func (x *Index) acquire() *snapshot {
	for {
		s := x.cur.Load()
		s.refs.RLock()
		if !s.closed {
			return s
		}
		s.refs.RUnlock()
	}
}

func (s *snapshot) release() { s.refs.RUnlock() }

// retire waits for the snapshot's readers and closes its bleve index.
func (s *snapshot) retire() {
	s.refs.Lock()
	defer s.refs.Unlock()
	if !s.closed {
		s.closed = true
		_ = s.idx.Close() // in memory: nothing to flush
	}
}

// batchSize bounds the memory of one indexing batch (one batch of the
// 52k-document catalog peaks above 1.5 GB). Each batch becomes a segment,
// and searches pay per segment until scorch has merged them in the
// background, so batches are not small either.
const batchSize = 8192

// build indexes docs into a new in-memory scorch index.
func build(docs []Doc) (*snapshot, error) {
	f := newFolder()
	im, err := newMapping(f.dictionary(docs, synonymText))
	if err != nil {
		return nil, err
	}
	idx, err := bleve.NewUsing("", im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("search: open index: %w", err)
	}
	s := &snapshot{idx: idx, analyzer: im.AnalyzerNamed(compoundName), analyzerEn: im.AnalyzerNamed(englishName), fold: f}
	s.syn = compileSynonyms(synonymGroups(synonymText), s.analyze)
	s.synEn = compileSynonyms(synonymGroups(englishSynonymText), s.analyzeEn)
	s.glossary = parseGlossary(glossaryText)
	s.sides()
	if err := indexAll(idx, docs, f); err != nil {
		_ = idx.Close()
		return nil, err
	}
	v := newView(docs, f)
	if v.near, err = readFuzzyTables(idx); err != nil {
		_ = idx.Close()
		return nil, fmt.Errorf("search: read dictionary: %w", err)
	}
	s.view.Store(v)
	return s, nil
}

func indexAll(idx bleve.Index, docs []Doc, f folder) error {
	seen := make(map[string]bool, len(docs))
	b := idx.NewBatch()
	for _, d := range docs {
		if d.ID == "" || seen[d.ID] {
			return fmt.Errorf("search: doc id %q empty or repeated", d.ID)
		}
		seen[d.ID] = true
		if err := b.Index(d.ID, fields(d, f)); err != nil {
			return fmt.Errorf("search: index %s: %w", d.ID, err)
		}
		if b.Size() >= batchSize {
			if err := idx.Batch(b); err != nil {
				return fmt.Errorf("search: batch: %w", err)
			}
			b.Reset()
		}
	}
	if err := idx.Batch(b); err != nil {
		return fmt.Errorf("search: batch: %w", err)
	}
	return nil
}
