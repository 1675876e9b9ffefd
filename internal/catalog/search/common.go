package search

import (
	"context"
	"math"
	"strings"

	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// commonShare is the share of all documents above which a query word
// counts as common (a Allerweltswort such as "anmelden" or "beantragen",
// which with its synonyms "Zulassung", "Erteilung", "Ausstellung" … is in
// a fifth of all names). Scoring every document such a word matches was
// most of the cost of a query that contains one.
const commonShare = 0.05

// rareFilter returns, for a query with common words (marked by
// commonOf), a filter that keeps only the documents matching at least one
// of the other words (if every word is common: the rarest, unless it is
// very common too); nil for a query without common words or of one word.
// Scores of the documents kept do not change: the filter's boosts are
// zero.
func (s *snapshot) rareFilter(words []word, common []bool) query.Query {
	if common == nil {
		return nil
	}
	var rare []query.Query
	for i, w := range words {
		if !common[i] {
			q := s.wordQuery(s.de, w)
			scaleLeaves(q, 0)
			rare = append(rare, q)
		}
	}
	if len(rare) == 0 || len(rare) == len(words) {
		return nil
	}
	return query.NewDisjunctionQuery(rare)
}

// commonOf marks the common words of a query of several words (see
// commonWords); nil for one word or when the estimate fails (then the
// query runs as if no word were common).
func (s *snapshot) commonOf(ctx context.Context, words []word) []bool {
	if len(words) < 2 {
		return nil
	}
	common, err := s.commonWords(ctx, words)
	if err != nil {
		return nil
	}
	return common
}

// commonWords marks the words that may match more than commonShare of
// the documents, and request words (filler.go); if all of them are
// common, all but the rarest, unless even that may match twice as many
// and the query has no request word.
func (s *snapshot) commonWords(ctx context.Context, words []word) ([]bool, error) {
	ai, err := s.idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := ai.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	n, err := r.DocCount()
	if err != nil {
		return nil, err
	}
	f := freq{ctx: ctx, r: r}
	out := make([]bool, len(words))
	rarest, least, request := 0, uint64(math.MaxUint64), false
	for i, w := range words {
		m := f.word(s, w)
		out[i] = float64(m) > commonShare*float64(n)
		if requestWords[strings.ToLower(w.surface)] {
			out[i], m, request = true, math.MaxUint64, true
		}
		if m < least {
			rarest, least = i, m
		}
	}
	if least < math.MaxUint64 && (request || float64(least) <= 2*commonShare*float64(n)) {
		out[rarest] = false // as a filter still much cheaper than all
	}
	return out, f.err
}

// freq estimates from above how many documents a word matches: the sum
// over its alternatives of their document frequency in the text field,
// which repeats name and synonyms. Near spellings are left out; they are
// matched in names only and rarely many.
type freq struct {
	ctx context.Context
	r   bleveindex.IndexReader
	err error
}

func (f *freq) word(s *snapshot, w word) uint64 {
	if isNumber(w.stem) {
		return 0
	}
	n := f.stemOrParts(w)
	for _, e := range s.syn[w.stem] {
		m := f.stemOrParts(e[0])
		for _, ew := range e[1:] {
			m = min(m, f.stemOrParts(ew))
		}
		n += m
	}
	return n
}

// stemOrParts is the frequency of a word by its stem or all its parts.
func (f *freq) stemOrParts(w word) uint64 {
	n := f.term(w.stem)
	if len(w.parts) > 0 {
		m := f.term(w.parts[0])
		for _, p := range w.parts[1:] {
			m = min(m, f.term(p))
		}
		n += m
	}
	return n
}

func (f *freq) term(t string) uint64 {
	if f.err != nil {
		return 0
	}
	tfr, err := f.r.TermFieldReader(f.ctx, []byte(t), fieldText, false, false, false)
	if err != nil {
		f.err = err
		return 0
	}
	n := tfr.Count()
	f.err = tfr.Close()
	return n
}
