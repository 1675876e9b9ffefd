package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// fitForm is the form for a new destination, as posted.
type fitForm struct {
	Authority int64
	ID        string
}

// fitError is a refused field of the form: its input's id and the
// message key that says what is wrong.
type fitError struct {
	Field, Key string
}

// adminFitConnectCreate handles POST /verwaltung/mandant/fitconnect: a
// destination (Zustellpunkt) for one of the tenant's authorities with the
// id the FIT-Connect self-service portal gave it.
// subscriber.CreateDestination holds the rules (a UUID in lower case, the
// tenant's authority, not yet configured) and audits it, as for `amtsweg
// fitconnect destination`. On success the page shows the new destination
// with its public keys; a refusal names the field and keeps the input.
func (s *Handler) adminFitConnectCreate(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r)
	if s.d.FitConnect == nil {
		s.fail(w, r, fault.New(fault.NotFound, "no FIT-Connect inbox in this process"))
		return
	}
	f := fitForm{ID: r.PostFormValue("destination")}
	f.Authority, _ = strconv.ParseInt(r.PostFormValue("authority"), 10, 64)
	_, err := s.d.FitConnect.CreateDestination(r.Context(), actorOf(staff.AccountID), staff.TenantID, f.Authority, f.ID)
	if err == nil {
		http.Redirect(w, r, fitPath+"?"+url.Values{"hinweis": {"angelegt"}, "zustellpunkt": {f.ID}}.Encode(), http.StatusSeeOther)
		return
	}
	p := fitPage{Form: f}
	var fe *fault.Error
	switch {
	case errors.As(err, &fe) && fe.Code == fault.Invalid:
		for _, x := range fe.Fields {
			p.Errors = append(p.Errors, fitError{Field: x.Field, Key: "fitadmin.error." + x.Field})
		}
	case fault.Is(err, fault.Conflict):
		p.Errors = []fitError{{Field: "id", Key: "fitadmin.error.exists"}}
	default:
		s.fail(w, r, err)
		return
	}
	if len(p.Errors) == 0 {
		p.Errors = []fitError{{Field: "id", Key: "fitadmin.error.id"}}
	}
	s.showFitConnect(w, r, http.StatusUnprocessableEntity, p)
}

// adminFitConnectJWKS serves GET
// /verwaltung/mandant/fitconnect/{destination}/jwks.json: the public JWK
// set of one of the tenant's destinations as a file, to upload in the
// FIT-Connect self-service portal. Another tenant's is not found.
func (s *Handler) adminFitConnectJWKS(w http.ResponseWriter, r *http.Request) {
	staff := staffFrom(r)
	if s.d.FitConnect == nil {
		s.fail(w, r, fault.New(fault.NotFound, "no FIT-Connect inbox in this process"))
		return
	}
	id := r.PathValue("destination")
	jwks, err := s.d.FitConnect.PublicJWKS(r.Context(), staff.TenantID, id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/jwk-set+json")
	w.Header().Set("Content-Disposition", `attachment; filename="zustellpunkt-`+id+`.jwks.json"`)
	w.Write(append(jwks, '\n'))
}
