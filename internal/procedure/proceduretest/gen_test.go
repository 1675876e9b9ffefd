package proceduretest

import (
	"context"
	"testing"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// TestGeneratedApplicationsAreValid: for every procedure of the
// repository the generator finds valid applications of every size, the
// same for the same seed, and covers the procedure's field types.
func TestGeneratedApplicationsAreValid(t *testing.T) {
	sources, err := Repository("../../..")
	if err != nil {
		t.Fatal(err)
	}
	if len(sources) != 11 {
		t.Errorf("%d procedures in the repository, want 11 (8 demo, family, 2 FIM)", len(sources))
	}
	places := []Place{{ARS: "146120000000", Name: "Dresden"}}
	for _, src := range sources {
		p := src.Procedure
		t.Run(p.Def.ID, func(t *testing.T) {
			t.Parallel()
			g := New(p, Config{Places: places})
			seen := map[procedure.FieldType]bool{}
			for seed := range uint64(30) {
				a, err := g.Generate(context.Background(), seed)
				if err != nil {
					t.Fatal(err)
				}
				res, err := p.Validate(context.Background(), rawMap(a.Values), procedure.Options{})
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range res.Errors {
					if _, ok := a.Refused[e.Field]; !ok {
						t.Errorf("%s: generated answer refused: %s %s", a, e.Field, e.Key)
					}
				}
				for _, l := range a.Expected {
					seen[l.Field.Type] = true
				}
				b, _ := g.Generate(context.Background(), seed)
				if len(b.Expected) != len(a.Expected) {
					t.Errorf("%s: not reproducible (%d vs %d answers)", a, len(a.Expected), len(b.Expected))
				}
				for _, pg := range a.Pages {
					if posts := a.Form(pg, nil); len(posts) == 0 || posts[len(posts)-1].Action() != "weiter" {
						t.Errorf("%s: page %s: posts %v", a, pg, posts)
					}
				}
			}
			for _, pg := range p.Def.Pages {
				for _, f := range pg.Fields {
					if f.Type != procedure.Label && f.Type != procedure.Group && !seen[f.Type] {
						t.Errorf("field type %s (%s) never answered", f.Type, f.ID)
					}
				}
			}
		})
	}
}
