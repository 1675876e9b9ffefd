package portal

import (
	"net/http"
	"strings"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// finderChoiceLimit bounds the places the finder offers to choose from.
const finderChoiceLimit = 20

// finder is the state of the "Wer ist für mich zuständig?" section of a
// service page.
type finder struct {
	Place   string          // what the user entered: postal code or place name
	Asked   bool            // the form was sent
	Error   string          // message key of an input problem, shown at the field
	Choices []catalog.Place // several places match: the user picks one
	Chosen  *catalog.Place  // the place the answer is for
	// Authority is the responsible authority; nil with NoAuthority when
	// none is recorded for the place.
	Authority   *catalog.Authority
	NoAuthority bool
}

// find answers the finder form of r for the service key. Input problems
// end up in the finder's Error; only unexpected failures are errors. The
// place is the one chosen (gebiet, from the choice list or the
// suggestions), else the one the input means (catalog.ResolvePlace), else
// the person chooses from the matches.
func (s *Handler) find(r *http.Request, key string) (finder, error) {
	v := r.URL.Query()
	f := finder{Place: strings.TrimSpace(v.Get("ort")), Asked: v.Has("ort")}
	if !f.Asked {
		return f, nil
	}
	if f.Place == "" {
		f.Error = "finder.error.required"
		return f, nil
	}
	places, err := s.d.Directory.FindPlaces(r.Context(), f.Place, finderChoiceLimit)
	switch {
	case fault.Is(err, fault.Invalid):
		f.Error = "finder.error.invalid"
		return f, nil
	case fault.Is(err, fault.NotFound):
		f.Error = "finder.error.unknown"
		return f, nil
	case err != nil:
		return f, err
	}
	if f.Chosen, err = s.chosenPlace(r, places, v.Get("gebiet")); err != nil {
		return f, err
	}
	if f.Chosen == nil {
		f.Choices = places
		if v.Has("auswahl") {
			f.Error = "finder.error.choose"
		}
		return f, nil
	}
	return f, s.answer(r, key, &f)
}

// chosenPlace returns the place chosen by ARS (any known municipality:
// the suggestions may offer one the typed text alone would not), else
// the one the matches resolve to, else nil.
func (s *Handler) chosenPlace(r *http.Request, places []catalog.Place, ars string) (*catalog.Place, error) {
	if ars == "" {
		return catalog.ResolvePlace(places), nil
	}
	p, err := s.d.Directory.Place(r.Context(), ars)
	if fault.Is(err, fault.NotFound) {
		return nil, nil
	}
	return &p, err
}

// answer looks up the authority responsible for the chosen place.
func (s *Handler) answer(r *http.Request, key string, f *finder) error {
	t, err := s.tenantOf(r)
	if err != nil {
		return err
	}
	a, err := s.d.Finder.Find(r.Context(), t.ID, key, f.Chosen.ARS, catalog.AudienceAny)
	if fault.Is(err, fault.NotFound) {
		f.NoAuthority = true
		return nil
	}
	f.Authority = &a
	return err
}
