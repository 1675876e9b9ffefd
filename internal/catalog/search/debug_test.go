package search_test

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/catalog/search"
)

func TestDebugQueries(t *testing.T) {
	qs := os.Getenv("Q")
	if qs == "" {
		t.Skip()
	}
	x, err := search.New(realDocs(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range strings.Split(qs, ";") {
		r, err := x.Search(context.Background(), search.Query{Text: q, PerPage: 6})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("== %q total=%d dym=%q", q, r.Total, r.DidYouMean)
		for _, h := range r.Hits {
			t.Logf("   %s %.3f %s", h.ID, h.Score, h.Name)
		}
	}
}
