package api

import (
	"net/http"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// Region is a municipality (Gemeinde) of the region tree.
type Region struct {
	ARS      string `json:"ars"`
	Name     string `json:"name"`
	Kind     string `json:"kind,omitempty"`
	Postcode string `json:"postcode,omitempty"`
	Parent   string `json:"parentArs,omitempty"`
}

// RegionList is a list of municipalities.
type RegionList struct {
	Items []Region `json:"items"`
}

// listRegions serves GET /api/v1/regions?q=: the municipalities with the
// postal code q, or whose name begins with q.
func (a *API) listRegions(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query().Get("q")
	if q == "" {
		a.fail(w, r, fault.Fields("q is required", fault.FieldError{Field: "q", Key: "api.invalid.required", Text: "q is required"}))
		return
	}
	rs, err := catalog.LookupRegions(r.Context(), a.d.DB, q)
	if fault.Is(err, fault.NotFound) {
		rs, err = nil, nil // a list may be empty
	}
	if err != nil {
		a.fail(w, r, asField(err, "q"))
		return
	}
	out := RegionList{Items: []Region{}}
	for _, g := range rs {
		out.Items = append(out.Items, Region{ARS: g.ARS, Name: g.Name, Kind: g.Kind, Postcode: g.Postcode, Parent: g.ParentARS})
	}
	writeJSON(w, http.StatusOK, out)
}

// asField turns a plain Invalid error about one parameter into a field
// error naming it; other errors pass unchanged.
func asField(err error, field string) error {
	if fault.CodeOf(err) != fault.Invalid {
		return err
	}
	return fault.Fields(fault.MessageOf(err), fault.FieldError{Field: field, Key: "api.invalid." + field, Text: fault.MessageOf(err)})
}

// parseID parses a positive database id from a path.
func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, fault.New(fault.NotFound, "no object with id %q", s)
	}
	return id, nil
}
