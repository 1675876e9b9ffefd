package search_test

import (
	"slices"
	"testing"

	"github.com/amtsweg/amtsweg/internal/catalog/search"
)

// englishFixture has services with and without English texts, and German
// names that an English query would hit by accident ("Register").
var englishFixture = []search.Doc{
	{ID: "wohnsitz", Name: "Wohnsitz Anmeldung", Popularity: search.OnlinePopularity,
		English: search.DocText{Name: "Registration of residence", Text: "Register your new address after moving."}},
	{ID: "emas", Name: "EMAS-Register Eintragung", Text: "Umweltmanagement Register"},
	{ID: "elterngeld", Name: "Elterngeld Bewilligung",
		English: search.DocText{Name: "Parental allowance", Synonyms: []string{"Parental benefit"}}},
	{ID: "hund", Name: "Hundesteuer Festsetzung", English: search.DocText{Name: "Dog tax assessment"}},
	{ID: "fuehrerschein", Name: "Führerschein Umtausch",
		English: search.DocText{Name: "Exchange of a driving licence"}},
	{ID: "pass", Name: "Reisepass Ausstellung", English: search.DocText{Name: "Issuing a passport"}},
	{ID: "perso", Name: "Personalausweis Ausstellung", English: search.DocText{Name: "Issuing an identity card"}},
	{ID: "kfz", Name: "Kfz Zulassung", Popularity: search.OnlinePopularity},
	{ID: "kinder", Name: "Kindergeld", Text: "Geld für Kinder"},
	{ID: "katze", Name: "Katzen Kastration"}, // no English text
}

func TestEnglishSearch(t *testing.T) {
	t.Parallel()
	x, err := search.New(englishFixture)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	cases := []struct {
		query, first string
	}{
		{"register residence", "wohnsitz"}, // not "EMAS-Register"
		{"residence registration", "wohnsitz"},
		{"parental allowance", "elterngeld"},
		{"parental benefits", "elterngeld"},
		{"dog", "hund"},
		{"dogs", "hund"},
		{"driving licence", "fuehrerschein"},
		{"driver's license", "fuehrerschein"}, // possessive, American spelling
		{"pasport", "pass"},                   // a near spelling
		{"ID card", "perso"},                  // synonyms.en.txt
		{"Elterngeld", "elterngeld"},          // the German name, typed by an English visitor
		{"Kindergeld", "kinder"},              // a service without English text
		{"Anmeldung", "wohnsitz"},             // a German word from synonyms.en.txt
		{"cat", "katze"},                      // glossary.en.txt: German words for a service without English
	}
	for _, tc := range cases {
		t.Run(tc.query, func(t *testing.T) {
			got := ids(t, x, search.Query{Text: tc.query, Lang: search.LangEnglish})
			if len(got) == 0 || got[0] != tc.first {
				t.Errorf("%q: want %s first, got %v", tc.query, tc.first, got)
			}
		})
	}
	// German visitors are not matched in the English fields.
	if got := ids(t, x, search.Query{Text: "dog"}); len(got) != 0 {
		t.Errorf(`German "dog": got %v, want nothing`, got)
	}
}

// TestEnglishMatchFirst: a document matching in English ranks above one
// matching the same words only in German.
func TestEnglishMatchFirst(t *testing.T) {
	t.Parallel()
	x, err := search.New([]search.Doc{
		{ID: "de", Name: "Office Liste"},
		{ID: "en", Name: "Büro", English: search.DocText{Name: "Office"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	if got := ids(t, x, search.Query{Text: "office", Lang: search.LangEnglish}); !slices.Equal(got, []string{"en", "de"}) {
		t.Errorf("got %v, want the English match first", got)
	}
}

// TestOnlineFirst: an online service that matches as well as an offline
// one ranks first; one that matches only a common word of the query is
// not pulled above the service the query means.
func TestOnlineFirst(t *testing.T) {
	t.Parallel()
	x, err := search.New([]search.Doc{
		{ID: "paper", Name: "Wohngeld Bewilligung"},
		{ID: "online", Name: "Wohngeld Bewilligung", Synonyms: []string{"Mietzuschuss"}, Popularity: search.OnlinePopularity},
		{ID: "hund", Name: "Hund Anmeldung"},
		{ID: "kfz", Name: "Kfz Anmeldung", Popularity: search.OnlinePopularity},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = x.Close() })
	for _, tc := range []struct{ query, first string }{
		{"Wohngeld", "online"},
		{"Hund anmelden", "hund"},
	} {
		if got := ids(t, x, search.Query{Text: tc.query}); len(got) == 0 || got[0] != tc.first {
			t.Errorf("%q: want %s first, got %v", tc.query, tc.first, got)
		}
	}
}
