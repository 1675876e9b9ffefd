package search_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/amtsweg/amtsweg/internal/catalog/search"
	"github.com/amtsweg/amtsweg/internal/catalog/search/searchtest"
)

var (
	realOnce  sync.Once
	realIndex *search.Index
	realErr   error
)

// realCatalog is one index over the embedded LeiKa catalog, shared by tests.
func realCatalog(t *testing.T) *search.Index {
	t.Helper()
	docs := realDocs(t)
	realOnce.Do(func() { realIndex, realErr = search.New(docs) })
	if realErr != nil {
		t.Fatalf("build index: %v", realErr)
	}
	return realIndex
}

func TestCitizenQueries(t *testing.T) {
	t.Parallel()
	x := realCatalog(t)
	if len(searchtest.Citizen) < 60 {
		t.Fatalf("only %d citizen queries, want at least 60", len(searchtest.Citizen))
	}
	for _, tc := range searchtest.Citizen {
		t.Run(tc.Query, func(t *testing.T) {
			res, err := x.Search(context.Background(), search.Query{Text: tc.Query, PerPage: 5})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			missing := false
			for _, w := range tc.Want {
				missing = missing || !slices.Contains(got, w)
			}
			switch {
			case missing && tc.Miss != "":
				t.Skipf("known miss (%s):%s", tc.Miss, describe(res.Hits))
			case missing:
				t.Errorf("%q: want %v in top 5, got:%s", tc.Query, tc.Want, describe(res.Hits))
			case tc.Miss != "":
				t.Errorf("%q now passes: remove its miss mark", tc.Query)
			}
		})
	}
}

// describe lists hits for a failure message.
func describe(hits []search.Hit) string {
	s := ""
	for _, h := range hits {
		s += "\n\t" + h.ID + " " + h.Name
	}
	return s
}
