package search_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/amtsweg/amtsweg/internal/catalog/search"
)

// fixture is a small hand-made catalog; each case below names the ids it
// expects.
var fixture = []search.Doc{
	{ID: "wohnsitz", Name: "Wohnsitzanmeldung", Topic: "Bauen & Wohnen", Situation: "Wohnen & Umzug", Audience: []string{"citizens"}},
	{ID: "wohnung", Name: "Anmeldung einer Wohnung", Topic: "Bauen & Wohnen", Situation: "Wohnen & Umzug", Audience: []string{"citizens"}},
	{ID: "hund", Name: "Hund: Steuer festsetzen", Topic: "Steuern & Zoll", Situation: "Tierhaltung", Audience: []string{"citizens"}},
	{ID: "fuehrerschein", Name: "Führerschein Umtausch", Topic: "Mobilität & Reisen", Situation: "Führerschein", Audience: []string{"citizens"}},
	{ID: "strasse", Name: "Sondernutzung öffentlicher Straßen", Topic: "Mobilität & Reisen", Situation: "Veranstaltungen", Audience: []string{"citizens", "businesses"}},
	{ID: "perso", Name: "Personalausweis Ausstellung", Topic: "Querschnitt", Situation: "Querschnitt Bürger", Audience: []string{"citizens"}, Popularity: 90},
	{ID: "kindergeld", Name: "Kindergeld", Topic: "Familie & Kind", Situation: "Geburt", Audience: []string{"citizens"}},
	{ID: "kindergelt", Name: "Kindergelt Auszahlung", Text: "Tippfehler in der Quelle", Topic: "Familie & Kind", Situation: "Geburt", Audience: []string{"citizens"}},
	{ID: "gewerbe", Name: "Gewerbe Anmeldung", Topic: "Unternehmensführung & -entwicklung", Situation: "Unternehmensstart & Gewerbezulassung", Audience: []string{"businesses"}, Popularity: 50},
	{ID: "fisch-name", Name: "Fischereischein", Topic: "Engagement & Hobby", Situation: "Fischen & Jagen", Audience: []string{"citizens"}},
	{ID: "fisch-syn", Name: "Angelerlaubnis für Gewässer", Synonyms: []string{"Fischereischein"}, Topic: "Engagement & Hobby", Situation: "Fischen & Jagen", Audience: []string{"citizens"}},
	{ID: "fisch-text", Name: "Gewässerschau", Text: "Prüfung, ob ein Fischereischein vorliegt", Topic: "Umwelt", Situation: "Fischen & Jagen", Audience: []string{"businesses"}},
}

func newFixture(t *testing.T) *search.Index {
	t.Helper()
	x, err := search.New(fixture)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	return x
}

func ids(t *testing.T, x *search.Index, q search.Query) []string {
	t.Helper()
	res, err := x.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}

func TestGermanMatching(t *testing.T) {
	t.Parallel()
	x := newFixture(t)
	cases := []struct {
		name, query string
		want        []string // all must be found
		first       string   // if set, must rank first
	}{
		{"umlaut as is", "Führerschein", []string{"fuehrerschein"}, "fuehrerschein"},
		{"umlaut as ue", "Fuehrerschein", []string{"fuehrerschein"}, "fuehrerschein"},
		{"umlaut dropped", "fuhrerschein", []string{"fuehrerschein"}, "fuehrerschein"},
		{"upper case", "FÜHRERSCHEIN", []string{"fuehrerschein"}, "fuehrerschein"},
		{"sharp s as ss", "Strassen Sondernutzung", []string{"strasse"}, "strasse"},
		{"sharp s as is", "Straße", []string{"strasse"}, "strasse"},
		{"inflection", "Straßen", []string{"strasse"}, "strasse"},
		{"compound query, split doc and compound doc", "Wohnsitz anmelden", []string{"wohnsitz", "wohnung"}, "wohnsitz"},
		{"compound query finds the parts", "Hundesteuer", []string{"hund"}, "hund"},
		{"compound doc found by its head", "Anmeldung", []string{"wohnsitz", "wohnung", "gewerbe"}, ""},
		{"typo, distance 1", "Persnalausweis", []string{"perso"}, "perso"},
		{"typo, distance 2", "Presnoalausweis", []string{"perso"}, "perso"},
		{"synonym", "Perso", []string{"perso"}, "perso"},
		{"exact above typo", "Kindergeld", []string{"kindergeld", "kindergelt"}, "kindergeld"},
		{"name above synonym above text", "Fischereischein", []string{"fisch-name", "fisch-syn", "fisch-text"}, "fisch-name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ids(t, x, search.Query{Text: tc.query})
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("%q: want %s among %v", tc.query, w, got)
				}
			}
			if tc.first != "" && (len(got) == 0 || got[0] != tc.first) {
				t.Errorf("%q: want %s first, got %v", tc.query, tc.first, got)
			}
		})
	}
	if got := ids(t, x, search.Query{Text: "Fischereischein"}); !slices.Equal(got[:3], []string{"fisch-name", "fisch-syn", "fisch-text"}) {
		t.Errorf("field ranking: got %v, want name, synonym, text", got)
	}
}

func TestFilters(t *testing.T) {
	t.Parallel()
	x := newFixture(t)
	cases := []struct {
		name string
		q    search.Query
		want []string // exactly, in any order
	}{
		{"topic", search.Query{Text: "Anmeldung", Topic: "Bauen & Wohnen"}, []string{"wohnsitz", "wohnung"}},
		{"situation", search.Query{Text: "Fischereischein", Situation: "Fischen & Jagen"}, []string{"fisch-name", "fisch-syn", "fisch-text"}},
		{"audience", search.Query{Text: "Fischereischein", Audience: "businesses"}, []string{"fisch-text"}},
		{"audience on a doc with two", search.Query{Text: "Straße", Audience: "businesses"}, []string{"strasse"}},
		{"filters only, no text", search.Query{Situation: "Geburt"}, []string{"kindergeld", "kindergelt"}},
		{"no match", search.Query{Text: "Anmeldung", Topic: "Umwelt"}, []string{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ids(t, x, tc.q)
			slices.Sort(got)
			want := slices.Sorted(slices.Values(tc.want))
			if !slices.Equal(got, want) {
				t.Errorf("got %v, want %v", got, want)
			}
		})
	}
}

func TestPaging(t *testing.T) {
	t.Parallel()
	x := newFixture(t)
	all := ids(t, x, search.Query{PerPage: 100})
	if len(all) != len(fixture) {
		t.Fatalf("browse all: %d hits, want %d", len(all), len(fixture))
	}
	if all[0] != "perso" || all[1] != "gewerbe" {
		t.Errorf("browse order: want by popularity, got %v", all[:2])
	}
	var paged []string
	for page := 1; page <= 4; page++ {
		res, err := x.Search(context.Background(), search.Query{Page: page, PerPage: 5})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != len(fixture) {
			t.Errorf("page %d: total %d, want %d", page, res.Total, len(fixture))
		}
		for _, h := range res.Hits {
			paged = append(paged, h.ID)
		}
	}
	if !slices.Equal(paged, all) {
		t.Errorf("pages joined: %v, want %v", paged, all)
	}
}

func TestDidYouMean(t *testing.T) {
	t.Parallel()
	x := newFixture(t)
	cases := []struct{ query, want string }{
		{"Hnud", "hund"},           // too short for fuzzy matching
		{"Kndrgeld", "kindergeld"}, // beyond edit distance 1 for 8 letters
		{"Kindergeld", ""},         // has hits
		{"Xylophon", ""},           // nothing close
	}
	for _, tc := range cases {
		res, err := x.Search(context.Background(), search.Query{Text: tc.query})
		if err != nil {
			t.Fatal(err)
		}
		if res.DidYouMean != tc.want {
			t.Errorf("%q: did you mean %q, want %q (total %d)", tc.query, res.DidYouMean, tc.want, res.Total)
		}
	}
}

func TestSuggest(t *testing.T) {
	t.Parallel()
	x := newFixture(t)
	cases := []struct {
		prefix string
		n      int
		want   []string
	}{
		{"Führ", 5, []string{"Führerschein Umtausch"}},
		{"fuehr", 5, []string{"Führerschein Umtausch"}},
		{"Anm", 5, []string{"Anmeldung einer Wohnung", "Gewerbe Anmeldung"}},
		{"Gewerbe anm", 5, []string{"Gewerbe Anmeldung"}},
		{"fisch", 1, []string{"Fischereischein"}},
		{"zzz", 5, nil},
		{"", 5, nil},
	}
	for _, tc := range cases {
		got := x.Suggest(tc.prefix, tc.n)
		if !slices.Equal(got, tc.want) {
			t.Errorf("Suggest(%q, %d) = %q, want %q", tc.prefix, tc.n, got, tc.want)
		}
	}
}

func TestUpsertDelete(t *testing.T) {
	t.Parallel()
	x := newFixture(t)
	if err := x.Upsert(search.Doc{ID: "boot", Name: "Sportbootführerschein"}); err != nil {
		t.Fatal(err)
	}
	if got := ids(t, x, search.Query{Text: "Sportbootführerschein"}); !slices.Contains(got, "boot") {
		t.Errorf("after upsert: %v", got)
	}
	if got := x.Suggest("sportb", 3); !slices.Equal(got, []string{"Sportbootführerschein"}) {
		t.Errorf("suggest after upsert: %v", got)
	}
	if err := x.Delete("boot"); err != nil {
		t.Fatal(err)
	}
	if got := ids(t, x, search.Query{Text: "Sportbootführerschein"}); slices.Contains(got, "boot") {
		t.Errorf("after delete: %v", got)
	}
	if err := x.Upsert(search.Doc{}); err == nil {
		t.Error("upsert without id: no error")
	}
}

func TestNewRejectsDuplicateIDs(t *testing.T) {
	t.Parallel()
	if _, err := search.New([]search.Doc{{ID: "a", Name: "A"}, {ID: "a", Name: "B"}}); err == nil {
		t.Error("duplicate ids: no error")
	}
}

// TestReplaceWhileSearching swaps catalogs under concurrent readers (run
// with -race): every search sees one whole catalog, never an error.
func TestReplaceWhileSearching(t *testing.T) {
	t.Parallel()
	x := newFixture(t)
	second := []search.Doc{{ID: "neu", Name: "Kindergeld neu"}}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				res, err := x.Search(context.Background(), search.Query{Text: "Kindergeld"})
				if err != nil {
					errs <- err
					return
				}
				if len(res.Hits) == 0 {
					errs <- fmt.Errorf("search %d: no hits", i)
					return
				}
				_ = x.Suggest("kind", 3)
			}
		}()
	}
	for i := 0; i < 5; i++ {
		docs := fixture // last, i = 4
		if i%2 == 1 {
			docs = second
		}
		if err := x.Replace(docs); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := ids(t, x, search.Query{Text: "Kindergeld"}); !slices.Contains(got, "kindergeld") {
		t.Errorf("after last replace (fixture): %v", got)
	}
}
