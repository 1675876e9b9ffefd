package search

import (
	_ "embed"
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// englishName is the English analysis chain: bleve's English analyzer
// (possessive "'s" removed, lower case, English stop words, Porter
// stemming), declared here so that the index names its own chain.
const englishName = "amtsweg_en"

// englishSynonymText is the English synonym list, applied to the words of
// English queries in the English fields: British and American spellings
// ("licence", "license"), nouns and verbs the Porter stemmer keeps apart
// ("register", "registration") and words visitors type that translations
// seldom contain. Same format as synonyms.txt.
//
//go:embed synonyms.en.txt
var englishSynonymText string

// addEnglishAnalysis registers the English analyzer on im.
func addEnglishAnalysis(im *mapping.IndexMappingImpl) error {
	err := im.AddCustomAnalyzer(englishName, map[string]interface{}{
		"type": custom.Name, "tokenizer": unicode.Name,
		"token_filters": []interface{}{en.PossessiveName, lowercase.Name, en.StopName, porter.Name},
	})
	if err != nil {
		return fmt.Errorf("search: analyzer %s: %w", englishName, err)
	}
	return nil
}

// language is one side of the index a query is matched against: the
// German fields with their compound analysis, or the English ones.
type language struct {
	fields  []fieldWeight // every field a word is matched in, the long text field by stem only
	text    string        // the field with the long text
	fuzzy   []fieldWeight // fields for near spellings
	exact   string        // the field of whole names and synonyms
	syn     synonymTable
	analyze func(string) []word
}

// sides derives the snapshot's German and English sides once it has its
// analyzers and synonyms.
func (s *snapshot) sides() {
	s.de = &language{fields: allFields, text: fieldText, fuzzy: fuzzyFields, exact: fieldExact, syn: s.syn, analyze: s.analyze}
	s.en = &language{fields: englishFields, text: fieldTextEn, fuzzy: fuzzyFieldsEn, exact: fieldExactEn, syn: s.synEn, analyze: s.analyzeEn}
}

// analyzeField analyses text as the index analyses field.
func (s *snapshot) analyzeField(field, text string) []word {
	if field == fieldNameEn || field == fieldSynonymsEn {
		return s.analyzeEn(text)
	}
	return s.analyze(text)
}
