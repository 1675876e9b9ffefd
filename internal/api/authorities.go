package api

import (
	"net/http"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// Authority is an office with its contact data.
type Authority struct {
	ID           int64           `json:"id"`
	Name         string          `json:"name"`
	Kind         string          `json:"kind,omitempty"`
	Address      catalog.Address `json:"address"`
	Phone        string          `json:"phone,omitempty"`
	Email        string          `json:"email,omitempty"`
	Web          string          `json:"web,omitempty"`
	OpeningHours string          `json:"openingHours,omitempty"`
	// Example marks demo contact data that are not real.
	Example bool `json:"example,omitempty"`
}

func authorityOf(x catalog.Authority) Authority {
	return Authority{ID: x.ID, Name: x.Name, Kind: x.Kind, Address: x.Address, Phone: x.Phone,
		Email: x.Email, Web: x.Web, OpeningHours: x.OpeningHours, Example: x.Example}
}

// getAuthority serves GET /api/v1/authorities/{id} of the host's tenant.
func (a *API) getAuthority(w http.ResponseWriter, r *http.Request) {
	t, err := a.tenantOf(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	id, err := parseID(r.PathValue("id"))
	if err != nil {
		a.fail(w, r, err)
		return
	}
	x, err := catalog.GetAuthority(r.Context(), a.d.DB, t.ID, id)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, authorityOf(x))
}

// findResponsibility serves GET /api/v1/responsibilities?leikaKey=&ars=
// (&audience=): the authority of the host's tenant responsible for the
// service in the region.
func (a *API) findResponsibility(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	key, ars := v.Get("leikaKey"), v.Get("ars")
	var fields []fault.FieldError
	if key == "" {
		fields = append(fields, fault.FieldError{Field: "leikaKey", Key: "api.invalid.required", Text: "leikaKey is required"})
	}
	if !catalog.ValidARS(ars) {
		fields = append(fields, fault.FieldError{Field: "ars", Key: "api.invalid.ars", Text: "ars must have 12 digits"})
	}
	audience, err := catalog.ParseAudience(v.Get("audience"))
	if err != nil {
		fields = append(fields, fault.FieldError{Field: "audience", Key: "api.invalid.audience", Text: err.Error()})
	}
	if len(fields) > 0 {
		a.fail(w, r, fault.Fields("invalid query parameters", fields...))
		return
	}
	t, err := a.tenantOf(r)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	if _, err := a.d.Catalog.Service(key); err != nil {
		a.fail(w, r, err)
		return
	}
	x, err := a.d.Finder.Find(r.Context(), t.ID, key, ars, audience)
	if err != nil {
		a.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, Responsibility{key, ars, authorityOf(x)})
}

// Responsibility (Zuständigkeit) names the authority responsible for a
// service in a region.
type Responsibility struct {
	LeiKaKey  string    `json:"leikaKey"`
	ARS       string    `json:"ars"`
	Authority Authority `json:"authority"`
}
