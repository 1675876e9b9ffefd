package fitconnect

import (
	"context"
	"encoding/json"
	"regexp"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// RouteResult is the answer of the routing endpoint, shaped like the
// FIT-Connect Routing API 2.0.0 route-result (routing-api.yaml).
type RouteResult struct {
	Count      int     `json:"count"`
	Offset     int     `json:"offset"`
	TotalCount int     `json:"totalCount"`
	Routes     []Route `json:"routes"`
}

// Route is one destination (Routingergebnis). Filled: destinationId,
// destinationName, address, contactPersons (the authority's own phone
// and e-mail), origin, and destinationParameters as in FIT-Connect's
// routing 1.x (encryptionKid and the public key as a JWKS, with which a
// sender encrypts). Not filled: destinationSignature (the XZuFI signature
// of the addressing data; amtsweg holds no signing key of the
// Redaktionssystem — the API marks it required, so strict FIT-Connect
// clients must be told), logo, imprint/privacy/accessibility URLs,
// furtherInformation and the other service texts (they belong to the
// service page, GET /api/v1/services/{key}).
type Route struct {
	DestinationID         string                 `json:"destinationId"`
	DestinationName       string                 `json:"destinationName"`
	Address               *RouteAddress          `json:"address,omitempty"`
	ContactPersons        []Contact              `json:"contactPersons,omitempty"`
	DestinationParameters *DestinationParameters `json:"destinationParameters"`
	Origin                string                 `json:"origin"`
}

// RouteAddress is the authority's street address (Hausanschrift).
type RouteAddress struct {
	Street string `json:"street,omitempty"`
	Zip    string `json:"zip,omitempty"`
	City   string `json:"city,omitempty"`
}

// Contact is a contact of the destination.
type Contact struct {
	Name  string `json:"name,omitempty"`
	Tel   string `json:"tel,omitempty"`
	Email string `json:"email,omitempty"`
}

// DestinationParameters tell a sender how to encrypt for the destination.
type DestinationParameters struct {
	EncryptionKid string `json:"encryptionKid"`
	PublicKeys    JWKS   `json:"publicKeys"`
	Status        string `json:"status"` // "active"
}

// JWKS is a JSON Web Key Set.
type JWKS struct {
	Keys []map[string]any `json:"keys"`
}

var leikaParam = regexp.MustCompile(`^99\d{12}$`)

// Routes answers leikaKey (99 + 12 digits, as the Routing API demands)
// and ars (12 digits; the Routing API's shorter keys are not supported)
// in tenantID from the responsibility finder. An authority without a
// FIT-Connect key is no destination: the answer then has no routes, as
// when nobody is responsible.
func (s *Service) Routes(ctx context.Context, tenantID tenant.ID, leikaKey, ars string) (RouteResult, error) {
	var fields []fault.FieldError
	if !leikaParam.MatchString(leikaKey) {
		fields = append(fields, fault.FieldError{Field: "leikaKey", Key: "api.invalid.leika", Text: "leikaKey must be 99 followed by 12 digits"})
	}
	if !catalog.ValidARS(ars) {
		fields = append(fields, fault.FieldError{Field: "ars", Key: "api.invalid.ars", Text: "ars must have 12 digits"})
	}
	if len(fields) > 0 {
		return RouteResult{}, fault.Fields("invalid query parameters", fields...)
	}
	out := RouteResult{Routes: []Route{}}
	a, err := s.finder.Find(ctx, tenantID, leikaKey, ars, catalog.AudienceCitizens)
	if fault.Is(err, fault.NotFound) {
		return out, nil
	}
	if err != nil {
		return out, err
	}
	k, err := KeyOf(ctx, s.db, tenantID, a.ID)
	if fault.Is(err, fault.NotFound) {
		return out, nil
	}
	if err != nil {
		return out, err
	}
	var jwk map[string]any
	if err := json.Unmarshal(k.JWK, &jwk); err != nil {
		return out, err
	}
	r := Route{DestinationID: k.DestinationID, DestinationName: a.Name, Origin: "amtsweg",
		DestinationParameters: &DestinationParameters{EncryptionKid: k.KeyID, PublicKeys: JWKS{Keys: []map[string]any{jwk}}, Status: "active"}}
	if a.Address != (catalog.Address{}) {
		r.Address = &RouteAddress{Street: a.Address.Street, Zip: a.Address.Postcode, City: a.Address.City}
	}
	if a.Phone != "" || a.Email != "" {
		r.ContactPersons = []Contact{{Name: a.Name, Tel: a.Phone, Email: a.Email}}
	}
	out.Routes = append(out.Routes, r)
	out.Count, out.TotalCount = 1, 1
	return out, nil
}
