package search

import (
	_ "embed"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/de"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// baseWords are compound parts that citizens type but the catalog rarely
// has as words of their own ("Hund" in "Hundesteuer"); see words.txt.
//
//go:embed words.txt
var baseWords string

// folder turns text into lower-case, umlaut-folded words (ä = ae = a,
// ß = ss) exactly as the index analyzer does before it decompounds and
// stems; it is used for the compound dictionary, suggestions and
// did-you-mean.
type folder struct {
	tokenizer analysis.Tokenizer
	lower     analysis.TokenFilter
	normalize analysis.TokenFilter
	stop      analysis.TokenMap
}

func newFolder() folder {
	stop := analysis.NewTokenMap()
	_ = stop.LoadBytes(de.GermanStopWords) // bleve's own list; cannot fail
	return folder{
		tokenizer: unicode.NewUnicodeTokenizer(),
		lower:     lowercase.NewLowerCaseFilter(),
		normalize: de.NewGermanNormalizeFilter(),
		stop:      stop,
	}
}

// words returns the folded words of text, in order, stop words included.
func (f folder) words(text string) []string {
	toks := f.normalize.Filter(f.lower.Filter(f.tokenizer.Tokenize([]byte(text))))
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		out = append(out, string(t.Term))
	}
	return out
}

// key is the folded form of a whole name or query for exact matching.
func (f folder) key(text string) string {
	return strings.Join(f.words(text), " ")
}

// isStop reports whether the lower-case word is a German stop word.
func (f folder) isStop(lower string) bool {
	return f.stop[lower]
}

// dictionary collects the compound dictionary: every folded word of at
// least minPartLen bytes in docs, synonyms and base words, minus stop words
// and numbers.
func (f folder) dictionary(docs []Doc, synonymText string) []string {
	seen := make(map[string]bool)
	add := func(text string) {
		for _, w := range f.words(text) {
			if len(w) >= minPartLen && !f.isStop(w) && !strings.ContainsAny(w, "0123456789") {
				seen[w] = true
			}
		}
	}
	for _, d := range docs {
		add(d.Name)
		add(strings.Join(d.Synonyms, " "))
		add(d.Text)
	}
	add(synonymText)
	add(stripComments(baseWords))
	out := make([]string, 0, len(seen))
	for w := range seen {
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

// stripComments drops everything from '#' to the end of each line.
func stripComments(text string) string {
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		if j := strings.IndexByte(l, '#'); j >= 0 {
			lines[i] = l[:j]
		}
	}
	return strings.Join(lines, "\n")
}
