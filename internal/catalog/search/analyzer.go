package search

import (
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/analysis/tokenmap"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
)

// Names under which the analysis chain is known to an index mapping.
const (
	analyzerName    = "amtsweg_de"          // whole words: name, synonyms, text
	compoundName    = "amtsweg_de_compound" // whole words plus compound parts
	tailType        = "amtsweg_stem_tail"
	decompoundType  = "amtsweg_decompound"
	decompoundName  = "amtsweg_decompound_catalog"
	dictionaryName  = "amtsweg_catalog_words"
	minPartLen      = 3 // shortest compound part, in bytes ("kfz", "bau", "ehe")
	minCompoundLen  = 6 // shorter tokens are never split
	maxCompoundLen  = 64
	dictionaryToken = "tokens"
)

// linkOptions are the German linking elements (Fugenelemente) allowed
// between two compound parts, "" first: Hund-e-steuer, Geburt-s-urkunde.
var linkOptions = []string{"", "s", "es", "n", "en", "e", "er"}

func init() {
	// A constructor, not configuration: each index mapping names its own
	// dictionary (a token map built from that index's documents).
	if err := registry.RegisterTokenFilter(decompoundType, newDecompoundFromConfig); err != nil {
		panic(err)
	}
	err := registry.RegisterTokenFilter(tailType, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return tailStemmer{}, nil
	})
	if err != nil {
		panic(err)
	}
}

// addAnalysis registers the German analysis chain with its compound
// dictionary words on im and makes it the default analyzer.
func addAnalysis(im *mapping.IndexMappingImpl, words []string) error {
	tokens := make([]interface{}, len(words))
	for i, w := range words {
		tokens[i] = w
	}
	if err := im.AddCustomTokenMap(dictionaryName, map[string]interface{}{
		"type": tokenmap.Name, dictionaryToken: tokens,
	}); err != nil {
		return fmt.Errorf("search: dictionary: %w", err)
	}
	if err := im.AddCustomTokenFilter(decompoundName, map[string]interface{}{
		"type": decompoundType, "dict_token_map": dictionaryName,
	}); err != nil {
		return fmt.Errorf("search: decompound filter: %w", err)
	}
	for name, filters := range map[string][]interface{}{
		analyzerName: {lowercase.Name, de.StopName, de.NormalizeName, de.SnowballStemmerName, tailType},
		compoundName: {lowercase.Name, de.StopName, de.NormalizeName, decompoundName, de.SnowballStemmerName, tailType},
	} {
		err := im.AddCustomAnalyzer(name, map[string]interface{}{
			"type": custom.Name, "tokenizer": unicode.Name, "token_filters": filters,
		})
		if err != nil {
			return fmt.Errorf("search: analyzer %s: %w", name, err)
		}
	}
	im.DefaultAnalyzer = analyzerName
	return nil
}

func newDecompoundFromConfig(config map[string]interface{}, cache *registry.Cache) (analysis.TokenFilter, error) {
	name, ok := config["dict_token_map"].(string)
	if !ok {
		return nil, fmt.Errorf("search: decompound filter needs dict_token_map")
	}
	dict, err := cache.TokenMapNamed(name)
	if err != nil {
		return nil, err
	}
	return decompounder{dict: dict}, nil
}

// decompounder splits a normalised token into known parts and emits the
// parts at the same position after the whole token, which it keeps.
type decompounder struct {
	dict analysis.TokenMap
}

// Filter implements analysis.TokenFilter.
func (d decompounder) Filter(input analysis.TokenStream) analysis.TokenStream {
	out := make(analysis.TokenStream, 0, len(input))
	for _, tok := range input {
		out = append(out, tok)
		for _, p := range d.split(string(tok.Term)) {
			part := *tok
			part.Term = []byte(p)
			out = append(out, &part)
		}
	}
	return out
}

// split returns the best segmentation of w into at least two dictionary
// words (fewest parts, then fewest linking letters), or nil.
func (d decompounder) split(w string) []string {
	if len(w) < minCompoundLen || len(w) > maxCompoundLen || strings.ContainsAny(w, "0123456789") {
		return nil
	}
	return d.segment(w, 0, false, make(map[int]segmentation, len(w))).parts
}

// segmentation is one way to cover a word with dictionary parts.
type segmentation struct {
	parts  []string
	linked int // letters spent on linking elements
}

func (s segmentation) better(o segmentation) bool {
	if o.parts == nil {
		return true
	}
	if len(s.parts) != len(o.parts) {
		return len(s.parts) < len(o.parts)
	}
	return s.linked < o.linked
}

// segment covers w[from:] with dictionary parts, as one part only if
// whole is set; results for whole=true are memoised by start.
func (d decompounder) segment(w string, from int, whole bool, memo map[int]segmentation) segmentation {
	if s, ok := memo[from]; ok && whole {
		return s
	}
	best := segmentation{}
	if whole && d.dict[w[from:]] {
		best = segmentation{parts: []string{w[from:]}}
	}
	for end := len(w) - minPartLen; end >= from+minPartLen; end-- {
		if !d.dict[w[from:end]] {
			continue
		}
		for _, link := range linkOptions {
			next := end + len(link)
			if !strings.HasPrefix(w[end:], link) || len(w)-next < minPartLen {
				continue
			}
			rest := d.segment(w, next, true, memo)
			if rest.parts == nil {
				continue
			}
			cand := segmentation{parts: append([]string{w[from:end]}, rest.parts...), linked: rest.linked + len(link)}
			if cand.better(best) {
				best = cand
			}
		}
	}
	if whole {
		memo[from] = best
	}
	return best
}

// tailStemmer removes a final "er" that the Snowball stemmer leaves after
// cutting "-ung": "Verlängerung" → "verlanger" → "verlang", like
// "verlängern" → "verlang"; "Änderung" and "ändern" meet in "and". It
// also cuts an "-ung" that Snowball keeps because the word is short before
// it: "Befreiung" → "befrei", like "befreien".
type tailStemmer struct{}

// Filter implements analysis.TokenFilter.
func (tailStemmer) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		n := len(t.Term)
		switch {
		case n >= 5 && t.Term[n-2] == 'e' && t.Term[n-1] == 'r':
			t.Term = t.Term[:n-2]
		case n >= 8 && string(t.Term[n-3:]) == "ung":
			t.Term = t.Term[:n-3]
		}
	}
	return input
}
