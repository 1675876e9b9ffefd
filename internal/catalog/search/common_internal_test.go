package search

import (
	"context"
	"fmt"
	"testing"
)

// TestRareFilterKeepsScores checks that a query with a common word
// ("anmelden" in most names) scores only the documents with its rarer
// word, and that their order and scores are those of the full query.
func TestRareFilterKeepsScores(t *testing.T) {
	t.Parallel()
	var docs []Doc
	for i := range 800 {
		docs = append(docs, Doc{ID: fmt.Sprintf("common-%03d", i), Name: fmt.Sprintf("Anmeldung Nummer %d", i)})
	}
	for i := range 30 {
		name := "Hundesteuer"
		if i%3 == 0 {
			name = "Hundesteuer Anmeldung"
		}
		docs = append(docs, Doc{ID: fmt.Sprintf("hund-%02d", i), Name: name, Text: "Hund " + fmt.Sprint(i), Popularity: i})
	}
	x, err := New(docs)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	s := x.acquire()
	defer s.release()
	ctx := context.Background()
	words := s.analyze("Hund anmelden")
	if s.rareFilter(words, s.commonOf(ctx, words)) == nil {
		t.Fatal("no filter for a query with a common word")
	}
	if one := s.analyze("Hundesteuer"); s.rareFilter(one, s.commonOf(ctx, one)) != nil {
		t.Fatal("a filter for a query of one word")
	}
	main, _ := s.textQuery(s.de, "Hund anmelden", words, s.commonOf(ctx, words))
	for page := 1; page <= 3; page++ {
		q := Query{Text: "Hund anmelden", Page: page}
		full, err := s.run(ctx, main, q, true, DefaultPerPage, page)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if got.Total != 30 || full.Total != 830 {
			t.Errorf("page %d: total %d (want 30), full query %d (want 830)", page, got.Total, full.Total)
		}
		if page == 1 && len(got.Hits) != len(full.Hits) {
			t.Fatalf("page 1: %d hits, full query %d", len(got.Hits), len(full.Hits))
		}
		if page > 1 {
			continue // the full query's later pages hold documents with the common word only
		}
		for i := range got.Hits {
			if got.Hits[i] != full.Hits[i] {
				t.Errorf("hit %d: %+v, full query %+v", i, got.Hits[i], full.Hits[i])
			}
		}
	}
}
