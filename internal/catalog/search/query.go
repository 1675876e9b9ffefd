package search

import (
	"context"
	"fmt"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Query is one search as the portal asks it.
type Query struct {
	Text      string // what the user typed, in ordinary words
	Topic     string // only services of this topic (Themenfeld), if set
	Situation string // only services of this life situation (Lebenslage), if set
	Audience  string // only services for this target group, if set
	Page      int    // 1-based; values below 1 mean 1
	PerPage   int    // hits per page; 0 means DefaultPerPage, capped at MaxPerPage
}

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
	boostParts    = 0.7 // all compound parts of the word
	boostSynonym  = 0.5
	boostFuzzy    = 0.25
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
	main, sorted := s.textQuery(q.Text)
	req := bleve.NewSearchRequestOptions(withFilters(main, q), per, (page-1)*per, false)
	if sorted {
		req.SortBy([]string{"-_score", "-" + fieldPopularity, "_id"})
	} else {
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
	return res, nil
}

// textQuery is the disjunction of the query's words; an empty text
// matches everything (browsing by filters), ordered by popularity.
func (s *snapshot) textQuery(text string) (query.Query, bool) {
	words := s.analyze(text)
	if len(words) > maxQueryWords {
		words = words[:maxQueryWords]
	}
	if len(words) == 0 {
		if text != "" {
			return query.NewMatchNoneQuery(), true
		}
		return query.NewMatchAllQuery(), false
	}
	clauses := make([]query.Query, 0, len(words))
	for _, w := range words {
		clauses = append(clauses, s.wordQuery(w))
	}
	return query.NewDisjunctionQuery(clauses), true
}

// wordQuery is every way one query word may match: per field its stem,
// all its parts, any synonym, a near spelling. The alternatives of a field
// are one disjunction each, so that the coordination factor counts kinds
// of match, not the number of synonyms.
func (s *snapshot) wordQuery(w word) query.Query {
	fields := make([]query.Query, 0, len(fieldBoost))
	for _, fb := range fieldBoost {
		alts := wordIn(w, fb.field, fb.boost)
		if syns := s.syn[w.stem]; len(syns) > 0 {
			any := make([]query.Query, len(syns))
			for i, syn := range syns {
				any[i] = phraseIn(syn, fb.field, 1)
			}
			d := query.NewDisjunctionQuery(any)
			d.SetBoost(fb.boost * boostSynonym)
			alts = append(alts, d)
		}
		if fz := fuzziness(w.stem); fz > 0 {
			f := query.NewFuzzyQuery(w.stem)
			f.SetField(fb.field)
			f.SetFuzziness(fz)
			f.SetBoost(fb.boost * boostFuzzy)
			alts = append(alts, f)
		}
		fields = append(fields, query.NewDisjunctionQuery(alts))
	}
	return query.NewDisjunctionQuery(fields)
}

// wordIn matches w in field by its stem or by all of its parts.
func wordIn(w word, field string, boost float64) []query.Query {
	out := []query.Query{term(w.stem, field, boost*boostExact)}
	if len(w.parts) > 0 {
		parts := make([]query.Query, len(w.parts))
		for i, p := range w.parts {
			parts[i] = term(p, field, 1)
		}
		c := query.NewConjunctionQuery(parts)
		c.SetBoost(boost * boostParts)
		out = append(out, c)
	}
	return out
}

// phraseIn matches all words of a (synonym) entry in field, each by its
// stem or parts.
func phraseIn(ws []word, field string, boost float64) query.Query {
	all := make([]query.Query, len(ws))
	for i, w := range ws {
		all[i] = query.NewDisjunctionQuery(wordIn(w, field, 1))
	}
	if len(all) == 1 {
		d := all[0].(*query.DisjunctionQuery)
		d.SetBoost(boost)
		return d
	}
	c := query.NewConjunctionQuery(all)
	c.SetBoost(boost)
	return c
}

func term(t, field string, boost float64) query.Query {
	q := query.NewTermQuery(t)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// fuzziness is the edit distance tolerated for a stem: none for short
// words (too many neighbours), 1 from 5 letters, 2 from 8.
func fuzziness(stem string) int {
	switch n := utf8.RuneCountInString(stem); {
	case n >= 8:
		return 2
	case n >= 5:
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
