package fitconnect

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// DestinationClaims are the signed addressing data of a destination
// (Adressierungsinformationen), the payload of destinationSignature, as
// the FIT-Connect Self-Service Portal signs them.
type DestinationClaims struct {
	// SubmissionHost is the host where the destination's submissions go.
	SubmissionHost string `json:"submissionHost"`
	// Issuer is IssuerOf(host); its /.well-known/jwks.json publishes the
	// key that verifies the signature.
	Issuer        string          `json:"iss"`
	Services      []SignedService `json:"services"`
	DestinationID string          `json:"destinationId"`
	IssuedAt      int64           `json:"iat"`
	ID            string          `json:"jti"`
}

// SignedService names the services (leistungIDs, LeiKa URNs) and areas
// (gebietIDs, ARS URNs) the signature covers.
type SignedService struct {
	GebietIDs   []string `json:"gebietIDs"`
	LeistungIDs []string `json:"leistungIDs"`
}

// GebietURN is the XZuFi gebietID of a 12-digit ARS
// (Regionalschlüssel code list of Destatis).
func GebietURN(ars string) string {
	return "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:rs:" + ars
}

// signDestination signs the addressing data of destinationID for the
// service leika in the area ars: a JWT (JWS compact serialization) with
// header alg PS512, kid and typ JWT.
func (k *signingKey) signDestination(host, destinationID, leika, ars string) (string, error) {
	claims := DestinationClaims{SubmissionHost: host, Issuer: IssuerOf(host), DestinationID: destinationID,
		Services: []SignedService{{GebietIDs: []string{GebietURN(ars)}, LeistungIDs: []string{ServiceURN(leika, "")}}},
		IssuedAt: time.Now().Unix(), ID: NewUUID()}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	sig, err := k.sign(payload, "JWT")
	if err != nil {
		return "", err
	}
	return sig.CompactSerialize()
}

// signParameters signs p as the Zustelldienst signs destination
// parameters: a detached JWS (RFC 7515 appendix F) over the canonical JSON
// of p — members sorted by name, no insignificant whitespace — so a sender
// verifies it over the parameters it received, canonicalised the same way.
func (k *signingKey) signParameters(p DestinationParameters) (string, error) {
	payload, err := CanonicalJSON(p)
	if err != nil {
		return "", err
	}
	sig, err := k.sign(payload, "")
	if err != nil {
		return "", err
	}
	return sig.DetachedCompactSerialize()
}

func (k *signingKey) sign(payload []byte, typ jose.ContentType) (*jose.JSONWebSignature, error) {
	opts := (&jose.SignerOptions{}).WithHeader(jose.HeaderKey("kid"), k.kid)
	if typ != "" {
		opts = opts.WithType(jose.ContentType(typ))
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.PS512, Key: k.priv}, opts)
	if err != nil {
		return nil, fmt.Errorf("fitconnect: signer: %w", err)
	}
	sig, err := signer.Sign(payload)
	if err != nil {
		return nil, fmt.Errorf("fitconnect: sign: %w", err)
	}
	return sig, nil
}

// CanonicalJSON is v as JSON with every object's members sorted by name,
// no whitespace between tokens and no HTML escaping: the form over which
// destinationParametersSignature is computed and verified.
func CanonicalJSON(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var generic any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&generic); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(generic); err != nil { // maps encode sorted by key
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// IssuerOf is the issuer (iss) of the signatures served on host:
// https://<host>/api/v1/fitconnect, so that <iss>/.well-known/jwks.json,
// where FIT-Connect senders look for the signing keys, is the JWKS
// amtsweg publishes (SigningKeys).
func IssuerOf(host string) string { return "https://" + host + "/api/v1/fitconnect" }
