package search_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/catalog/search"
	"github.com/amtsweg/amtsweg/internal/refdata"
)

var (
	catalogOnce sync.Once
	catalogDocs []search.Doc
	catalogErr  error
)

// realDocs returns the embedded LeiKa catalog as search documents, mapped
// the way the catalog feeds the index, with the English texts of the
// embedded content pack.
func realDocs(tb testing.TB) []search.Doc {
	tb.Helper()
	catalogOnce.Do(func() {
		svcs, _, err := catalog.ReadLeiKa(bytes.NewReader(refdata.LeiKa), "leika-ozg-2019.csv")
		catalogErr = err
		english := map[string]*catalog.ContentText{}
		entries, err := catalog.EmbeddedContent()
		if err != nil {
			catalogErr = err
			return
		}
		for _, e := range entries {
			english[e.Key] = e.EN
		}
		for _, s := range svcs {
			if !s.Placeholder {
				d := docOf(s)
				if en := english[s.Key]; en != nil {
					d.English = search.DocText{Name: en.Name, Synonyms: en.Synonyms, Text: en.Summary}
				}
				catalogDocs = append(catalogDocs, d)
			}
		}
	})
	if catalogErr != nil {
		tb.Fatalf("read catalog: %v", catalogErr)
	}
	return catalogDocs
}

// docOf maps a catalog service to a search document: the OZG service name
// is a synonym, life situation, topic, texts and legal basis are text.
func docOf(s catalog.Service) search.Doc {
	syn := append([]string(nil), s.Synonyms...)
	if s.OZGName != "" && s.OZGName != s.Name {
		syn = append(syn, s.OZGName)
	}
	text := []string{s.LifeSituation, s.Topic, s.Texts.Summary}
	for _, l := range s.LegalBasis {
		text = append(text, l.Text)
	}
	aud := []string{string(s.Audience)}
	if s.Audience == catalog.AudienceBoth {
		aud = []string{string(catalog.AudienceCitizens), string(catalog.AudienceBusiness)}
	}
	return search.Doc{
		ID: s.Key, Name: s.Name, Synonyms: syn, Text: strings.Join(text, " "),
		Topic: s.Topic, Situation: s.LifeSituation, Audience: aud,
	}
}
