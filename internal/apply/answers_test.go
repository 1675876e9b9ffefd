package apply_test

import (
	"context"
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// fakeNamer names the one place the fake finder knows.
type fakeNamer struct{}

func (fakeNamer) PlaceLabel(_ context.Context, ars string) (string, error) {
	if ars != placeARS {
		return "", fault.New(fault.NotFound, "no place %s", ars)
	}
	return "Meißen, Stadt", nil
}

// TestDraftRowsTyped: a draft's rows come from the normalized answers, as
// the receipt's do: the form's "true" is "ja" (it was "nein"), the place
// has its name, a date that cannot be read yet is shown as typed, and a
// value on a page hidden since is not shown.
func TestDraftRowsTyped(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, func(d *apply.Deps) { d.PlaceNames = fakeNamer{} })
		ctx := context.Background()
		owner := apply.AccountOwner(1, 0)
		a := e.start(t, &owner)
		for page, answers := range map[string]map[string]any{
			"person":    {"name": "Jörg", "gemeinde": placeARS, "geburtstag": "31.2.1990"},
			"nachweise": {"mit_nachweis": "true", "kinder": []any{map[string]any{"vorname": "Ида"}}},
		} {
			if _, err := e.svc.SavePage(ctx, a.ID, owner, page, answers); err != nil {
				t.Fatal(err)
			}
		}
		got := rowText(t, e, a.ID, owner)
		for _, want := range []string{"Wohnort=Meißen, Stadt", "Geburtsdatum=31.2.1990", "Nachweis beifügen?=ja", "Kind 1 › Vorname=Ида"} {
			if !strings.Contains(got, want+"\n") {
				t.Errorf("draft rows miss %q:\n%s", want, got)
			}
		}
		if strings.Contains(got, placeARS) {
			t.Errorf("draft rows show the ARS:\n%s", got)
		}
	})
}

func rowText(t *testing.T, e *env, id int64, owner apply.Owner) string {
	t.Helper()
	pages, err := e.svc.Rows(context.Background(), id, owner, "de")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, pg := range pages {
		for _, r := range pg.Rows {
			b.WriteString(r.Label + "=" + r.Value + "\n")
		}
	}
	return b.String()
}

// TestRowsMultipleChoice: a multiple choice is shown with its option
// labels whether its values are []string (a draft, as the procedure
// normalizes them) or []any (a submitted application read back from
// JSON); the draft's row was missing from the review.
func TestRowsMultipleChoice(t *testing.T) {
	t.Parallel()
	def := procedure.Definition{Pages: []procedure.Page{{ID: "p", Title: procedure.Text{DE: "Seite"}, Fields: []procedure.Field{{
		ID: "faecher", Type: procedure.MultipleChoice, Label: procedure.Text{DE: "Fächer"},
		Options: []procedure.Option{{Value: "mu", Label: procedure.Text{DE: "Musik"}}, {Value: "ma", Label: procedure.Text{DE: "Mathematik"}}},
	}}}}}
	for name, v := range map[string]any{"draft": []string{"mu", "ma"}, "submitted": []any{"mu", "ma"}} {
		pages := apply.Rows(def, apply.Answers{Values: map[string]any{"faecher": v}}, "de")
		if len(pages) != 1 || len(pages[0].Rows) != 1 || pages[0].Rows[0].Value != "Musik, Mathematik" {
			t.Errorf("%s: %+v", name, pages)
		}
	}
}
