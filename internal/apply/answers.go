package apply

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
)

// Answers (Antragsdaten) is the one typed representation of an
// application's answers that everything showing them starts from: the
// review, the receipt page and PDF and the case view. Values hold the
// procedure's normalized values (procedure.FieldType gives the type of
// each: bool for yes/no, a decimal string for numbers and money, …). A
// draft's value that cannot be normalized yet is kept as entered and its
// path listed in Entered, so it is shown exactly as typed and never
// reinterpreted. A submitted application's answers were normalized at
// submission and have no Entered values.
type Answers struct {
	Values  map[string]any
	Entered map[string]bool
	// Places are the display names of the places (Gemeinden) in Values,
	// by ARS; an ARS without a name is shown as the code.
	Places map[string]string
}

// PlaceNamer names a place (Gemeinde) by its 12-digit ARS for display:
// its official name, with the district or state added where the name
// alone is ambiguous. catalog provides it; the app wires it.
type PlaceNamer interface {
	PlaceLabel(ctx context.Context, ars string) (string, error)
}

// answersOf returns a's answers in the typed representation, from its
// own procedure version: a draft's through the procedure's normalization
// (visibility and computed fields settled as on submission), a submitted
// application's as stored.
func (s *Service) answersOf(ctx context.Context, a Application) (procedure.Definition, Answers, error) {
	v, p, err := s.version(ctx, a.TenantID, a.ProcedureID, a.Version)
	if err != nil {
		return v.Definition, Answers{}, err
	}
	ans := Answers{Values: a.Answers}
	if a.Status == Draft {
		r, err := p.Validate(ctx, withFiles(v.Definition, a.Answers, a.Attachments), procedure.Options{KeepEntered: true})
		if err != nil {
			return v.Definition, Answers{}, err
		}
		ans.Values, ans.Entered = r.Answers, r.Entered
	}
	ans.Places, err = s.PlaceNames(ctx, v.Definition, ans.Values)
	return v.Definition, ans, err
}

// PlaceNames returns the display names of the places that values of def
// hold, by ARS. Without a PlaceNamer, or for an unknown ARS, a place has
// no name and is shown as its code.
func (s *Service) PlaceNames(ctx context.Context, def procedure.Definition, values map[string]any) (map[string]string, error) {
	out := map[string]string{}
	if s.placeNames == nil {
		return out, nil
	}
	var err error
	name := func(ars string) {
		if _, done := out[ars]; done || err != nil {
			return
		}
		label, e := s.placeNames.PlaceLabel(ctx, ars)
		switch {
		case fault.Is(e, fault.NotFound):
		case e != nil:
			err = fmt.Errorf("apply: name of place %s: %w", ars, e)
		default:
			out[ars] = label
		}
	}
	for _, pg := range def.Pages {
		eachPlace(pg.Fields, values, name)
	}
	return out, err
}

// eachPlace calls fn with every place value in values.
func eachPlace(fields []procedure.Field, values map[string]any, fn func(ars string)) {
	for _, f := range fields {
		switch v := values[f.ID]; {
		case f.Type == procedure.Place:
			if s, ok := v.(string); ok {
				fn(s)
			}
		case f.Type == procedure.Group && f.Repeat == nil:
			sub, _ := v.(map[string]any)
			eachPlace(f.Fields, sub, fn)
		case f.Type == procedure.Group:
			list, _ := v.([]any)
			for _, e := range list {
				sub, _ := e.(map[string]any)
				eachPlace(f.Fields, sub, fn)
			}
		}
	}
}
