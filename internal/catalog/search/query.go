package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Query is one search as the portal asks it.
type Query struct {
	Text      string // what the user typed, in ordinary words
	Lang      string // the user's language: "de" (or "") or LangEnglish
	Topic     string // only services of this topic (Themenfeld), if set
	Situation string // only services of this life situation (Lebenslage), if set
	Audience  string // only services for this target group, if set
	Page      int    // 1-based; values below 1 mean 1
	PerPage   int    // hits per page; 0 means DefaultPerPage, capped at MaxPerPage
}

// LangEnglish is Query.Lang for an English visitor: the English fields
// are searched first, the German ones too.
const LangEnglish = "en"

// Paging defaults.
const (
	DefaultPerPage = 10
	MaxPerPage     = 100
)

// Result is one page of hits.
type Result struct {
	Hits       []Hit
	Total      int    // matching services over all pages
	DidYouMean string // a corrected query, only when Text found nothing
}

// Hit is one matching service.
type Hit struct {
	ID    string
	Score float64
	Name  string
}

// Relative weights of the ways a query word can match a document.
const (
	boostExact    = 1.0
	boostParts    = 0.6 // all compound parts of the word
	boostSynonym  = 0.6
	boostFuzzy    = 0.25
	boostNumber   = 0.3 // a number, matched in names only
	boostWhole    = 4.0 // the whole query is a name or synonym
	boostEnglish  = 2.0 // an English match over a German one, for Lang "en"
	commonWeight  = 0.3 // a common word's share next to rarer words
	maxQueryWords = 12
)

// Search runs q. Each query word matches by its stem, by all of its
// compound parts, by a synonym or, for longer words, within edit
// distance 1–2; documents matching more query words rank higher (bleve's
// coordination factor), exact above parts above synonyms above typos.
func (x *Index) Search(ctx context.Context, q Query) (Result, error) {
	s := x.acquire()
	defer s.release()
	res, err := s.search(ctx, q)
	if err != nil || res.Total > 0 || q.Text == "" {
		return res, err
	}
	if alt := s.didYouMean(q.Text); alt != "" {
		q.Text = alt
		if again, err := s.search(ctx, q); err == nil && again.Total > 0 {
			res.DidYouMean = alt
		}
	}
	return res, nil
}

func (s *snapshot) search(ctx context.Context, q Query) (Result, error) {
	per := q.PerPage
	if per <= 0 {
		per = DefaultPerPage
	}
	per = min(per, MaxPerPage)
	page := max(q.Page, 1)
	text := withMeanings(q.Text)
	if q.Lang == LangEnglish {
		text = s.glossary.german(q.Text)
	}
	words := firstWords(withoutFillers(s.analyze(text)))
	common := s.commonOf(ctx, words)
	main, sorted := s.textQuery(s.de, text, words, common)
	if q.Lang == LangEnglish && q.Text != "" {
		return s.run(ctx, s.englishQuery(q.Text, main, s.rareFilter(words, common)), q, true, per, page)
	}
	if rare := s.rareFilter(words, common); rare != nil {
		// Only the documents with a rarer word, if they fill a page:
		// the same scores, without scoring every document a common
		// word matches. The decision does not depend on the page.
		res, err := s.run(ctx, query.NewConjunctionQuery([]query.Query{rare, main}), q, sorted, per, page)
		if err != nil || res.Total >= per {
			return res, err
		}
	}
	return s.run(ctx, main, q, sorted, per, page)
}

// englishQuery is an English visitor's query: the words matched in the
// English fields, boosted so that English matches rank first, or else the
// German query german (the glossary's German words for the English ones,
// and words English visitors type in German: "Elterngeld", "Kfz"),
// narrowed by rare (rareFilter) if it has common words. The German side
// needs no fallback for a short page: the English one widens it.
func (s *snapshot) englishQuery(text string, german, rare query.Query) query.Query {
	if rare != nil {
		german = query.NewConjunctionQuery([]query.Query{rare, german})
	}
	english, _ := s.textQuery(s.en, text, firstWords(s.analyzeEn(text)), nil)
	scaleLeaves(english, boostEnglish)
	return query.NewDisjunctionQuery([]query.Query{english, german})
}

// firstWords bounds the number of query words.
func firstWords(words []word) []word {
	if len(words) > maxQueryWords {
		return words[:maxQueryWords]
	}
	return words
}

// run runs main with the query's filters and returns one page of hits. A
// text search fetches the first window of hits, lifts matching online
// services (online.go) and cuts the page from it.
func (s *snapshot) run(ctx context.Context, main query.Query, q Query, sorted bool, per, page int) (Result, error) {
	size, from := per, (page-1)*per
	if sorted {
		size, from = max(page*per, onlineWindow), 0
	}
	req := bleve.NewSearchRequestOptions(withFilters(main, q), size, from, false)
	if !sorted { // browsing: by popularity; a field sort reads doc values of every hit
		req.SortBy([]string{"-" + fieldPopularity, "_id"})
	}
	sr, err := s.idx.SearchInContext(ctx, req)
	if err != nil {
		return Result{}, fmt.Errorf("search: %w", err)
	}
	v := s.view.Load()
	res := Result{Total: int(sr.Total), Hits: make([]Hit, 0, len(sr.Hits))}
	for _, h := range sr.Hits {
		res.Hits = append(res.Hits, Hit{ID: h.ID, Score: h.Score, Name: v.docs[h.ID].name})
	}
	if !sorted {
		return res, nil
	}
	preferOnline(res.Hits, v)
	// Equal scores (regional variants of one service) go by popularity,
	// then by id: bleve's order of equal scores depends on its segments.
	slices.SortFunc(res.Hits, func(a, b Hit) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		if c := cmp.Compare(v.docs[b.ID].pop, v.docs[a.ID].pop); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	res.Hits = res.Hits[min((page-1)*per, len(res.Hits)):min(page*per, len(res.Hits))]
	return res, nil
}

// textQuery is the disjunction of the query's words, plus a strong
// clause for a query that is exactly a name or synonym; an empty text
// matches everything (browsing by filters), ordered by popularity.
//
// A common word (common[i], see commonWords) weighs less next to rarer
// ones: in "Rente beantragen" the services about a pension matter, not
// every name that says "beantragen".
func (s *snapshot) textQuery(l *language, text string, words []word, common []bool) (query.Query, bool) {
	if len(words) == 0 {
		if text != "" {
			return query.NewMatchNoneQuery(), true
		}
		return query.NewMatchAllQuery(), false
	}
	clauses := make([]query.Query, 0, len(words))
	for i, w := range words {
		c := s.wordQuery(l, w)
		if common != nil && common[i] {
			scaleLeaves(c, commonWeight)
		}
		clauses = append(clauses, c)
	}
	return query.NewDisjunctionQuery([]query.Query{
		query.NewDisjunctionQuery(clauses),
		term(s.fold.key(text), l.exact, boostWhole),
	}), true
}

// wordQuery is every way one query word may match: in each field by its
// stem, by all its parts, by a synonym; in names and synonyms by a near
// spelling. The alternatives form one flat disjunction because bleve
// multiplies every disjunction by its coordination factor (the share of
// alternatives matched) and ignores boosts on composite queries: with one
// flat level, a name match (which also matches the cumulative synonyms,
// text and compound fields) outweighs a synonym or typo match, and the leaf
// boosts are scaled by the number of alternatives so that a word with a
// long synonym group weighs as much as one without.
func (s *snapshot) wordQuery(l *language, w word) query.Query {
	if isNumber(w.stem) { // paragraph numbers in texts are noise
		return term(w.stem, l.fields[0].field, boostNumber)
	}
	var alts []query.Query
	syns := l.syn[w.stem]
	for _, fb := range l.fields {
		alts = append(alts, term(w.stem, fb.field, fb.boost*boostExact))
		if fb.field == l.text {
			continue // text holds everything: its long postings only for the word itself
		}
		if len(w.parts) > 0 {
			alts = append(alts, s.partsIn(l, w.parts, fb.field, fb.boost*boostParts))
		}
		for _, e := range syns {
			alts = append(alts, entryIn(e, fb.field, fb.boost*boostSynonym))
		}
	}
	if fz := fuzziness(w.stem); fz > 0 {
		// Names and synonyms only, with a fixed first letter: typos in
		// the first letter are rare, and near spellings in the long text
		// would mostly be noise. Looked up in the snapshot's own term
		// tables (fuzzy.go), not by bleve's automaton.
		for _, fb := range l.fuzzy {
			alts = append(alts, s.fuzzyQuery(w.stem, fb.field, fz, fb.boost*boostFuzzy))
		}
	}
	if l == s.de {
		alts = append(alts, s.nearNameQueries(w)...)
	}
	d := query.NewDisjunctionQuery(alts)
	scaleLeaves(d, float64(len(alts))/referenceAlternatives)
	return d
}

// referenceAlternatives is the number of alternatives a word's boosts are
// normalised to.
const referenceAlternatives = 10

// scaleLeaves multiplies the boosts of all term and fuzzy queries in q.
func scaleLeaves(q query.Query, f float64) {
	switch q := q.(type) {
	case *query.DisjunctionQuery:
		for _, c := range q.Disjuncts {
			scaleLeaves(c, f)
		}
	case *query.ConjunctionQuery:
		for _, c := range q.Conjuncts {
			scaleLeaves(c, f)
		}
	case *query.TermQuery:
		q.SetBoost(q.Boost() * f)
	case *query.FuzzyQuery:
		q.SetBoost(q.Boost() * f)
	}
}

// partsIn requires every part in field, each also by its synonyms
// ("Müllgebühr" finds "Abfallgebühr").
func (s *snapshot) partsIn(l *language, parts []string, field string, boost float64) query.Query {
	all := make([]query.Query, len(parts))
	boost /= float64(len(parts)) // the conjunction sums its parts
	for i, p := range parts {
		all[i] = term(p, field, boost)
		if syns := l.syn[p]; len(syns) > 0 {
			any := []query.Query{all[i]}
			for _, e := range syns {
				any = append(any, entryIn(e, field, boost*boostSynonym))
			}
			all[i] = query.NewDisjunctionQuery(any)
		}
	}
	return query.NewConjunctionQuery(all)
}

// entryIn matches a synonym entry in field: all its words, each by its
// stem or all of its parts.
func entryIn(e []word, field string, boost float64) query.Query {
	all := make([]query.Query, len(e))
	boost /= float64(len(e)) // the conjunction sums its words
	for i, w := range e {
		all[i] = term(w.stem, field, boost)
		if len(w.parts) > 0 {
			ps := make([]query.Query, len(w.parts))
			for j, p := range w.parts {
				ps[j] = term(p, field, boost/float64(len(w.parts)))
			}
			all[i] = query.NewDisjunctionQuery([]query.Query{all[i], query.NewConjunctionQuery(ps)})
		}
	}
	if len(all) == 1 {
		return all[0]
	}
	return query.NewConjunctionQuery(all)
}

func term(t, field string, boost float64) query.Query {
	q := query.NewTermQuery(t)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

func isNumber(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// fuzziness is the edit distance tolerated for a stem: none for short
// words (too many neighbours: "anmeld"/"abmeld"), 1 from 7 letters, 2
// from 10.
func fuzziness(stem string) int {
	switch n := utf8.RuneCountInString(stem); {
	case n >= 10:
		return 2
	case n >= 7:
		return 1
	}
	return 0
}

// withFilters restricts main to the query's topic, situation and audience.
func withFilters(main query.Query, q Query) query.Query {
	must := []query.Query{main}
	for _, f := range []struct{ field, value string }{
		{fieldTopic, q.Topic}, {fieldSituation, q.Situation}, {fieldAudience, q.Audience},
	} {
		if f.value != "" {
			must = append(must, term(f.value, f.field, 0))
		}
	}
	if len(must) == 1 {
		return main
	}
	return query.NewConjunctionQuery(must)
}
