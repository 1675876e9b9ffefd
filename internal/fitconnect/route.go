package fitconnect

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"time"

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
// destinationSignature (the signed addressing data, see SignDestination),
// destinationName, address, contactPersons (the authority's own phone
// and e-mail), origin, and destinationParameters with
// destinationParametersSignature as in FIT-Connect's routing 1.x
// (encryptionKid and the public key as a JWKS, with which a sender
// encrypts; signed detached as the Zustelldienst does). Not filled: logo,
// imprint/privacy/accessibility URLs, furtherInformation and the other
// service texts (they belong to the service page, GET
// /api/v1/services/{key}).
type Route struct {
	DestinationID                  string                 `json:"destinationId"`
	DestinationSignature           string                 `json:"destinationSignature"`
	DestinationName                string                 `json:"destinationName"`
	Address                        *RouteAddress          `json:"address,omitempty"`
	ContactPersons                 []Contact              `json:"contactPersons,omitempty"`
	DestinationParameters          *DestinationParameters `json:"destinationParameters"`
	DestinationParametersSignature string                 `json:"destinationParametersSignature"`
	Origin                         string                 `json:"origin"`
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

// DestinationParameters tell a sender how to encrypt for the destination
// and where its submissions are fetched (Zustellpunkt-Parameter).
type DestinationParameters struct {
	EncryptionKid    string   `json:"encryptionKid"`
	MetadataVersions []string `json:"metadataVersions"`
	PublicKeys       JWKS     `json:"publicKeys"`
	Status           string   `json:"status"` // "active"
	// SubmissionURL is where the destination's subscriber (Fachverfahren)
	// reads its submissions: amtsweg's FIT-Connect API.
	SubmissionURL string `json:"submissionUrl"`
}

// JWKS is a JSON Web Key Set.
type JWKS struct {
	Keys []map[string]any `json:"keys"`
}

// RouteQuery is a routing request: the service and exactly one area key,
// as the Routing API 2.0 takes them, and where the answer is published.
type RouteQuery struct {
	LeikaKey string // 99 + 12 digits
	AGS      string // Amtlicher Gemeindeschlüssel: 2, 3, 5 or 8 digits
	ARS      string // Amtlicher Regionalschlüssel: 2, 3, 5, 9 or 12 digits
	AreaID   string // an id from Areas: amtsweg's area ids are 12-digit ARS
	Offset   int
	Limit    int // 1-500; 0 is the default 100
	// Host is the host name the answer is served on (the tenant's): the
	// signature's issuer is IssuerOf(Host), whose /.well-known/jwks.json
	// publishes the signing keys, and submissionHost is Host.
	Host string
}

var (
	leikaParam = regexp.MustCompile(`^99\d{12}$`)
	arsParam   = regexp.MustCompile(`^(\d{2}|\d{3}|\d{5}|\d{9}|\d{12})$`)
	agsParam   = regexp.MustCompile(`^(\d{2}|\d{3}|\d{5}|\d{8})$`)
)

// check validates q as the Routing API's parameters do; every problem is
// one field error.
func (q RouteQuery) check() error {
	var fields []fault.FieldError
	bad := func(field, text string) {
		fields = append(fields, fault.FieldError{Field: field, Key: "api.invalid." + strings.ToLower(field), Text: text})
	}
	if !leikaParam.MatchString(q.LeikaKey) {
		bad("leikaKey", "leikaKey must be 99 followed by 12 digits")
	}
	n := 0
	for _, v := range []string{q.AGS, q.ARS, q.AreaID} {
		if v != "" {
			n++
		}
	}
	switch {
	case n != 1:
		bad("area", "give exactly one of ags, ars and areaId")
	case q.AGS != "" && !agsParam.MatchString(q.AGS):
		bad("ags", "ags must have 2, 3, 5 or 8 digits")
	case q.ARS != "" && !arsParam.MatchString(q.ARS):
		bad("ars", "ars must have 2, 3, 5, 9 or 12 digits")
	case q.AreaID != "" && !catalog.ValidARS(q.AreaID):
		bad("areaId", "areaId must be an id from /areas (12 digits)")
	}
	if q.Offset < 0 {
		bad("offset", "offset must not be negative")
	}
	if q.Limit < 0 || q.Limit > 500 {
		bad("limit", "limit must be between 1 and 500")
	}
	if len(fields) > 0 {
		return fault.Fields("invalid query parameters", fields...)
	}
	return nil
}

// regionARS is the 12-digit ARS of q's area: a shorter ARS or AGS (the
// upper levels, which the two keys share) is padded with zeros, an
// 8-digit AGS is looked up. "" if no region has the AGS.
func (s *Service) regionARS(ctx context.Context, q RouteQuery) (string, error) {
	switch {
	case q.AreaID != "":
		return q.AreaID, nil
	case len(q.AGS) == 8:
		r, err := catalog.RegionByAGS(ctx, s.db, q.AGS)
		if fault.Is(err, fault.NotFound) {
			return "", nil
		}
		return r.ARS, err
	case q.AGS != "":
		return q.AGS + strings.Repeat("0", 12-len(q.AGS)), nil
	}
	return q.ARS + strings.Repeat("0", 12-len(q.ARS)), nil
}

// Routes answers q in tenantID from the responsibility finder, with the
// destination signed (SignDestination). An authority without a
// FIT-Connect key is no destination: the answer then has no routes, as
// when nobody is responsible or the area is unknown.
func (s *Service) Routes(ctx context.Context, tenantID tenant.ID, q RouteQuery) (RouteResult, error) {
	if err := q.check(); err != nil {
		return RouteResult{}, err
	}
	out := RouteResult{Routes: []Route{}, Offset: q.Offset}
	ars, err := s.regionARS(ctx, q)
	if err != nil || ars == "" {
		return out, err
	}
	a, err := s.finder.Find(ctx, tenantID, q.LeikaKey, ars, catalog.AudienceCitizens)
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
	r, err := s.route(ctx, tenantID, q, ars, a, k)
	if err != nil {
		return out, err
	}
	out.TotalCount = 1
	if q.Offset == 0 {
		out.Routes, out.Count = append(out.Routes, r), 1
	}
	return out, nil
}

// route is the signed route to authority a with key k.
func (s *Service) route(ctx context.Context, tenantID tenant.ID, q RouteQuery, ars string, a catalog.Authority, k Key) (Route, error) {
	var jwk map[string]any
	if err := json.Unmarshal(k.JWK, &jwk); err != nil {
		return Route{}, err
	}
	r := Route{DestinationID: k.DestinationID, DestinationName: a.Name, Origin: "amtsweg",
		DestinationParameters: &DestinationParameters{EncryptionKid: k.KeyID, MetadataVersions: []string{"1.0.0"},
			PublicKeys: JWKS{Keys: []map[string]any{jwk}}, Status: "active",
			SubmissionURL: "https://" + q.Host + "/api/v1/fitconnect"}}
	if a.Address != (catalog.Address{}) {
		r.Address = &RouteAddress{Street: a.Address.Street, Zip: a.Address.Postcode, City: a.Address.City}
	}
	if a.Phone != "" || a.Email != "" {
		r.ContactPersons = []Contact{{Name: a.Name, Tel: a.Phone, Email: a.Email}}
	}
	sk, err := s.signer(ctx, tenantID)
	if err != nil {
		return Route{}, err
	}
	params, err := CanonicalJSON(r.DestinationParameters)
	if err != nil {
		return Route{}, err
	}
	ck := routeKey{host: q.Host, destination: k.DestinationID, params: string(params), leika: q.LeikaKey, ars: ars, signKid: sk.kid}
	now := time.Now()
	if sr, ok := s.routeCache.get(ck, now); ok {
		r.DestinationSignature, r.DestinationParametersSignature = sr.destination, sr.parameters
		return r, nil
	}
	if r.DestinationSignature, err = sk.signDestination(q.Host, k.DestinationID, q.LeikaKey, ars); err != nil {
		return Route{}, err
	}
	if r.DestinationParametersSignature, err = sk.signParameters(*r.DestinationParameters); err != nil {
		return Route{}, err
	}
	s.routeCache.put(ck, signedRoute{destination: r.DestinationSignature, parameters: r.DestinationParametersSignature,
		until: now.Add(time.Hour)})
	return r, nil
}
