package search

import (
	_ "embed"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
)

// glossaryText is the English–German glossary of service words; see
// glossary.en.txt.
//
//go:embed glossary.en.txt
var glossaryText string

// maxPhraseWords bounds the length of a glossary phrase, in words.
const maxPhraseWords = 4

// glossary maps lower-case English words and phrases to German words.
type glossary map[string]string

// englishStop are bleve's English stop words, left out of the German side
// of an English query ("the", "for", "a" name no German service).
var englishStop = func() analysis.TokenMap {
	m := analysis.NewTokenMap()
	_ = m.LoadBytes(en.EnglishStopWords) // bleve's own list; cannot fail
	return m
}()

func parseGlossary(text string) glossary {
	g := glossary{}
	for _, line := range strings.Split(stripComments(text), "\n") {
		en, de, ok := strings.Cut(line, "=")
		if en, de = strings.Join(strings.Fields(en), " "), strings.TrimSpace(de); ok && en != "" && de != "" {
			g[en] = de
		}
	}
	return g
}

// german is text for the German side of an English query: each glossary
// phrase replaced by its German words (longest first), English stop words
// dropped, other words (German words English visitors type: "Elterngeld",
// "Kfz") kept.
func (g glossary) german(text string) string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return r == ' ' || r == ',' || r == '.' || r == '?' || r == '!' || r == ';' || r == '"'
	})
	var out []string
	for i := 0; i < len(words); {
		n := min(maxPhraseWords, len(words)-i)
		for ; n > 0; n-- {
			if de, ok := g[strings.Join(words[i:i+n], " ")]; ok {
				out = append(out, de)
				break
			}
		}
		if n == 0 {
			if !englishStop[words[i]] {
				out = append(out, words[i])
			}
			n = 1
		}
		i += n
	}
	return strings.Join(out, " ")
}
