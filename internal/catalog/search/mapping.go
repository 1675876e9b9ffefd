package search

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Field names in the bleve index.
const (
	fieldName       = "name"
	fieldSynonyms   = "synonyms"
	fieldText       = "text"
	fieldWords      = "words" // name and synonyms, whole words only
	fieldExact      = "exact" // folded name and synonyms, whole
	fieldTopic      = "topic"
	fieldSituation  = "situation"
	fieldAudience   = "audience"
	fieldPopularity = "popularity"

	fieldNameEn     = "en_name" // the English side (Doc.English), analysed in English
	fieldSynonymsEn = "en_synonyms"
	fieldTextEn     = "en_text"
	fieldExactEn    = "en_exact"
)

// fieldWeight is a field with the boost of a match in it.
type fieldWeight struct {
	field string
	boost float64
}

// fieldBoost ranks a match in the name above one in the synonyms above one
// in the text.
var fieldBoost = []fieldWeight{{fieldName, 3}, {fieldSynonyms, 2}, {fieldText, 1}}

// allFields adds the words field, the bonus for matching a whole word of a
// name or synonym rather than a compound part.
var allFields = append(fieldBoost[:3:3], fieldWeight{fieldWords, 2})

// englishFields are the English side's fields, ranked as the German ones;
// English has no compounds, so there is no separate whole-words field.
var englishFields = []fieldWeight{{fieldNameEn, 3}, {fieldSynonymsEn, 2}, {fieldTextEn, 1}}

// newMapping maps Doc's fields: the text fields through the German
// analyzer, filters as exact keywords, popularity as a sortable number.
// Nothing is stored: hits are resolved through the snapshot's view.
func newMapping(dictionary []string) (*mapping.IndexMappingImpl, error) {
	im := mapping.NewIndexMapping()
	if err := addAnalysis(im, dictionary); err != nil {
		return nil, err
	}
	if err := addEnglishAnalysis(im); err != nil {
		return nil, err
	}
	im.IndexDynamic, im.StoreDynamic, im.DocValuesDynamic = false, false, false
	dm := mapping.NewDocumentStaticMapping()
	for _, f := range []string{fieldName, fieldSynonyms, fieldText} {
		dm.AddFieldMappingsAt(f, textField(compoundName))
	}
	dm.AddFieldMappingsAt(fieldWords, textField(analyzerName))
	for _, f := range []string{fieldNameEn, fieldSynonymsEn, fieldTextEn} {
		dm.AddFieldMappingsAt(f, textField(englishName))
	}
	for _, f := range []string{fieldTopic, fieldSituation, fieldAudience, fieldExact, fieldExactEn} {
		dm.AddFieldMappingsAt(f, textField(keyword.Name))
	}
	pop := mapping.NewNumericFieldMapping()
	pop.Store, pop.IncludeInAll = false, false
	dm.AddFieldMappingsAt(fieldPopularity, pop)
	im.DefaultMapping = dm
	return im, nil
}

func textField(analyzer string) *mapping.FieldMapping {
	f := mapping.NewTextFieldMapping()
	f.Analyzer = analyzer
	f.Store, f.IncludeTermVectors, f.IncludeInAll, f.DocValues = false, false, false, false
	return f
}

// fields is the document as bleve indexes it. The text fields are
// cumulative (synonyms repeat the name, text repeats both), so a word in the
// name matches in all three fields, one in a synonym in two: together with
// the field boosts this ranks name > synonyms > text, and a service whose
// synonyms happen to repeat its name gains nothing over one without.
//
// Name, synonyms and text are indexed with their compound parts
// ("Hundesteuer" also as "hund", "steuer"); the words field repeats name
// and synonyms without parts, so that a query word found as a word ranks
// above one found only inside a compound ("Lehrer" in "Fahrlehrer"); the
// exact field holds the folded name and synonyms as single terms for
// whole-query matches. The English side (en_*) repeats this scheme for
// Doc.English, analysed in English.
func fields(d Doc, f folder) map[string]interface{} {
	syn := append([]string{d.Name}, d.Synonyms...)
	exact := make([]string, len(syn))
	for i, s := range syn {
		exact[i] = f.key(s)
	}
	m := map[string]interface{}{
		fieldWords:      syn,
		fieldExact:      exact,
		fieldName:       d.Name,
		fieldSynonyms:   syn,
		fieldText:       append(syn, d.Text),
		fieldTopic:      d.Topic,
		fieldSituation:  d.Situation,
		fieldAudience:   d.Audience,
		fieldPopularity: float64(d.Popularity),
	}
	addEnglish(m, d.English, f)
	return m
}

// addEnglish adds the English fields of a document that has English text;
// the many documents without it get no English fields at all (empty
// fields still cost index memory per document).
func addEnglish(m map[string]interface{}, e DocText, f folder) {
	if e.Name == "" && len(e.Synonyms) == 0 && e.Text == "" {
		return
	}
	en := append([]string{e.Name}, e.Synonyms...)
	exact := make([]string, 0, len(en))
	for _, s := range en {
		if s != "" {
			exact = append(exact, f.key(s))
		}
	}
	m[fieldNameEn], m[fieldSynonymsEn], m[fieldTextEn], m[fieldExactEn] = e.Name, en, append(en, e.Text), exact
}

// word is one analysed query word: its stem and, for a compound, the
// stems of its parts.
type word struct {
	surface string
	stem    string
	parts   []string
}

// analyze runs text through the index's compound analyzer and groups the tokens
// by position: the first token of a position is the whole word, the rest
// are its compound parts.
func (s *snapshot) analyze(text string) []word {
	return analyzeWith(s.analyzer, text)
}

// analyzeEn runs text through the index's English analyzer.
func (s *snapshot) analyzeEn(text string) []word {
	return analyzeWith(s.analyzerEn, text)
}

func analyzeWith(a analysis.Analyzer, text string) []word {
	var out []word
	pos := -1
	for _, t := range a.Analyze([]byte(text)) {
		if t.Position == pos && len(out) > 0 {
			w := &out[len(out)-1]
			w.parts = append(w.parts, string(t.Term))
			continue
		}
		pos = t.Position
		out = append(out, word{surface: text[t.Start:t.End], stem: string(t.Term)})
	}
	return out
}
