package search

import (
	"context"
	"math"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

var nearDocs = []Doc{
	{ID: "1", Name: "Zulassung eines Fahrzeugs", Synonyms: []string{"Kfz-Zulassung"}},
	{ID: "2", Name: "Zulassungsbescheinigung Teil I", Synonyms: []string{"Fahrzeugschein"}},
	{ID: "3", Name: "Personalausweis Ausstellung", Synonyms: []string{"Perso"}},
	{ID: "4", Name: "Personalausweise Verlust", Synonyms: []string{"Personalausweis verloren"}},
	{ID: "5", Name: "Hundesteuer Anmeldung", Synonyms: []string{"Hundsteuer"}},
	{ID: "6", Name: "Führerschein Umtausch", Synonyms: []string{"Fahrerlaubnis"}},
	{ID: "7", Name: "Führerscheine für Lkw", Synonyms: []string{"Fuhrerlaubnis"}},
	{ID: "8", Name: "Wohnsitzanmeldung", Synonyms: []string{"Ummeldung"}},
	{ID: "9", Name: "Äsungsflächen Zulassen", Synonyms: []string{"Ösungsflache"}},
}

// TestNearTermsMatchBleveFuzzy checks that the dictionary lookup finds the
// same documents with the same scores as bleve's fuzzy query it replaces
// (edit distance with transpositions, first letter fixed, 1/(d+1) boost),
// also for terms an Upsert brings.
func TestNearTermsMatchBleveFuzzy(t *testing.T) {
	t.Parallel()
	x, err := New(nearDocs[:8])
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	if err := x.Upsert(nearDocs[8]); err != nil {
		t.Fatal(err)
	}
	s := x.acquire()
	defer s.release()
	stems := []string{"zulasung", "zulassungsbescheinig", "personalausweiss", "persnalausweis",
		"hundesteur", "fuhrerschein", "fuhrschein", "wohnsitzanmeld", "asungsflach", "xyzxyzxyz"}
	for _, stem := range stems {
		for _, fb := range fuzzyFields {
			for fz := 1; fz <= 2; fz++ {
				ref := query.NewFuzzyQuery(stem)
				ref.SetField(fb.field)
				ref.SetFuzziness(fz)
				ref.SetPrefix(1)
				ref.SetBoost(0.7)
				want := scores(t, s.idx, ref)
				got := scores(t, s.idx, s.fuzzyQuery(stem, fb.field, fz, 0.7))
				if len(got) != len(want) {
					t.Errorf("%s in %s, distance %d: hits %v, bleve fuzzy %v", stem, fb.field, fz, got, want)
					continue
				}
				for id, w := range want {
					if math.Abs(got[id]-w) > 1e-9*w {
						t.Errorf("%s in %s, distance %d: %s scores %g, bleve fuzzy %g", stem, fb.field, fz, id, got[id], w)
					}
				}
			}
		}
	}
}

func scores(t *testing.T, idx bleve.Index, q query.Query) map[string]float64 {
	t.Helper()
	sr, err := idx.SearchInContext(context.Background(), bleve.NewSearchRequestOptions(q, 100, 0, false))
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]float64, len(sr.Hits))
	for _, h := range sr.Hits {
		out[h.ID] = h.Score
	}
	return out
}
