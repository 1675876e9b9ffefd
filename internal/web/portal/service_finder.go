package portal

import (
	"net/http"
	"strings"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// finder is the state of the "Wer ist für mich zuständig?" section of a
// service page.
type finder struct {
	Place   string           // what the user entered: postal code or place name
	Asked   bool             // the form was sent
	Error   string           // message key of an input problem, shown at the field
	Choices []catalog.Region // several municipalities match: the user picks one
	Region  *catalog.Region  // the municipality the answer is for
	// Authority is the responsible authority; nil with NoAuthority when
	// none is recorded for the region.
	Authority   *catalog.Authority
	NoAuthority bool
}

// find answers the finder form of r for the service key. Input problems
// end up in the finder's Error; only unexpected failures are errors.
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
	regions, err := s.d.Directory.LookupRegions(r.Context(), f.Place)
	switch {
	case fault.Is(err, fault.Invalid):
		f.Error = "finder.error.invalid"
		return f, nil
	case fault.Is(err, fault.NotFound) || err == nil && len(regions) == 0:
		f.Error = "finder.error.unknown"
		return f, nil
	case err != nil:
		return f, err
	}
	if f.Region = chosen(regions, v.Get("gebiet")); f.Region == nil {
		f.Choices = regions
		if v.Has("gebiet") {
			f.Error = "finder.error.choose"
		}
		return f, nil
	}
	t, err := s.tenantOf(r)
	if err != nil {
		return f, err
	}
	a, err := s.d.Finder.Find(r.Context(), t.ID, key, f.Region.ARS, catalog.AudienceAny)
	if fault.Is(err, fault.NotFound) {
		f.NoAuthority = true
		return f, nil
	}
	f.Authority = &a
	return f, err
}

// chosen returns the region the user chose by ARS, the only one when
// there is just one, or nil.
func chosen(regions []catalog.Region, ars string) *catalog.Region {
	if len(regions) == 1 && ars == "" {
		return &regions[0]
	}
	for i := range regions {
		if regions[i].ARS == ars {
			return &regions[i]
		}
	}
	return nil
}
