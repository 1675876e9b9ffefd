package fitconnect_test

import (
	"bytes"
	"crypto/rsa"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/amtsweg/amtsweg/internal/fitconnect"
)

// routing registers the authority's key and asks for its route by ars,
// short ars, ags and areaId; every answer validates and verifies.
func (w *sender) routing() {
	t := w.t
	priv := key4096
	k, err := fitconnect.RegisterKey(t.Context(), w.a.DB, "test", w.tenant, w.authority, jwk(t, &priv.PublicKey, fitconnect.Alg, "enc"))
	check(t, err)
	w.destID = k.DestinationID

	var areas fitconnect.AreaResult
	raw := getOK(t, w.base+"/api/v1/fitconnect/areas?areaSearchexpression=Chemnitz*", "", &areas)
	conform(t, "area-result", raw)
	i := slices.IndexFunc(areas.Areas, func(a fitconnect.Area) bool { return a.ID == chemnitzARS })
	if i < 0 || areas.Count != len(areas.Areas) || areas.TotalCount < areas.Count {
		t.Fatalf("areas for Chemnitz: %s", raw)
	}
	raw = getOK(t, w.base+"/api/v1/fitconnect/areas?areaSearchexpression=Chemnitz&areaSearchexpression=Zwickau", "", &areas)
	if areas.Count != 0 {
		t.Errorf("two places at once: %s", raw)
	}

	for _, q := range []string{"ars=" + chemnitzARS, "ars=14511", "ags=" + chemnitzAGS, "areaId=" + chemnitzARS} {
		var res fitconnect.RouteResult
		raw := getOK(t, w.base+"/api/v1/fitconnect/routes?leikaKey="+leika+"&"+q, "", &res)
		conform(t, "route-result", raw)
		if res.Count != 1 || res.TotalCount != 1 || res.Routes[0].DestinationID != k.DestinationID ||
			res.Routes[0].DestinationParameters.EncryptionKid != k.KeyID {
			t.Fatalf("%s: %s", q, raw)
		}
		var generic struct {
			Routes []map[string]json.RawMessage `json:"routes"`
		}
		check(t, json.Unmarshal(raw, &generic))
		if err := w.verifyRoute(generic.Routes[0], leika, chemnitzARS); err != nil {
			t.Errorf("%s: the route does not verify: %v", q, err)
		}
		// The check can fail: the same signature does not carry another destination.
		forged := maps.Clone(generic.Routes[0])
		forged["destinationId"] = json.RawMessage(`"` + fitconnect.CaseUUID(1, 999999) + `"`)
		if err := w.verifyRoute(forged, leika, chemnitzARS); err == nil {
			t.Errorf("%s: a forged destinationId verified", q)
		}
		forged = maps.Clone(generic.Routes[0])
		forged["destinationParameters"] = bytes.Replace(forged["destinationParameters"], []byte(`"active"`), []byte(`"inactive"`), 1)
		if err := w.verifyRoute(forged, leika, chemnitzARS); err == nil {
			t.Errorf("%s: changed destinationParameters verified", q)
		}
	}
	var res fitconnect.RouteResult
	getOK(t, w.base+"/api/v1/fitconnect/routes?leikaKey="+leika+"&ars="+chemnitzARS+"&offset=1", "", &res)
	if res.Count != 0 || res.TotalCount != 1 || len(res.Routes) != 0 {
		t.Errorf("offset 1: %+v", res)
	}
	getOK(t, w.base+"/api/v1/fitconnect/routes?leikaKey="+leika+"&ags=99999999", "", &res)
	if res.Count != 0 {
		t.Errorf("unknown AGS: %+v", res)
	}
	for _, q := range []string{"leikaKey=123&ars=" + chemnitzARS, "leikaKey=" + leika, "leikaKey=" + leika + "&ars=1234",
		"leikaKey=" + leika + "&ars=" + chemnitzARS + "&ags=" + chemnitzAGS, "leikaKey=" + leika + "&ags=1451100",
		"leikaKey=" + leika + "&ars=" + chemnitzARS + "&limit=501", "leikaKey=" + leika + "&areaId=12"} {
		status, ctype, raw := get(t, w.base+"/api/v1/fitconnect/routes?"+q, "")
		if status != http.StatusBadRequest || ctype != "application/problem+json" {
			t.Errorf("%s: %d %s %s, want 400 problem+json", q, status, ctype, raw)
			continue
		}
		conform(t, "error", raw)
	}
	status, _, raw := get(t, w.base+"/api/v1/fitconnect/areas?areaSearchexpression=C", "")
	if status != http.StatusBadRequest {
		t.Errorf("one-letter area search: %d %s", status, raw)
	}
}

// verifyRoute verifies a route as a FIT-Connect sender does before it
// trusts the destination: destinationSignature is a JWT signed PS512 by a
// key of <iss>/.well-known/jwks.json (chosen by kid), naming this
// destination, the submission host and the service and area asked for;
// destinationParametersSignature is a detached JWS by the same issuer
// over the canonical JSON of destinationParameters (members sorted, no
// whitespace).
func (w *sender) verifyRoute(route map[string]json.RawMessage, leikaKey, ars string) error {
	var sig, paramSig, destID string
	if err := unmarshalAll(route, map[string]any{"destinationSignature": &sig,
		"destinationParametersSignature": &paramSig, "destinationId": &destID}); err != nil {
		return err
	}
	tok, err := jose.ParseSigned(sig, []jose.SignatureAlgorithm{jose.PS512})
	if err != nil {
		return err
	}
	if typ := tok.Signatures[0].Header.ExtraHeaders["typ"]; typ != "JWT" {
		return fmt.Errorf("typ %v", typ)
	}
	var unverified fitconnect.DestinationClaims
	if err := json.Unmarshal(tok.UnsafePayloadWithoutVerification(), &unverified); err != nil {
		return err
	}
	key, err := w.signingKey(unverified.Issuer, tok.Signatures[0].Header.KeyID)
	if err != nil {
		return err
	}
	payload, err := tok.Verify(key)
	if err != nil {
		return err
	}
	var c fitconnect.DestinationClaims
	if err := json.Unmarshal(payload, &c); err != nil {
		return err
	}
	iss, err := url.Parse(c.Issuer)
	switch {
	case err != nil || iss.Scheme != "https" || iss.Host != c.SubmissionHost:
		return fmt.Errorf("iss %q, submissionHost %q", c.Issuer, c.SubmissionHost)
	case c.DestinationID != destID:
		return fmt.Errorf("signed destination %s, route names %s", c.DestinationID, destID)
	case len(c.Services) != 1 || !slices.Contains(c.Services[0].LeistungIDs, "urn:de:fim:leika:leistung:"+leikaKey) ||
		!slices.Contains(c.Services[0].GebietIDs, "urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:rs:"+ars):
		return fmt.Errorf("services %+v", c.Services)
	case c.IssuedAt > time.Now().Unix()+1 || c.IssuedAt < time.Now().Add(-time.Hour).Unix() || !uuidRE.MatchString(c.ID):
		return fmt.Errorf("iat %d, jti %q", c.IssuedAt, c.ID)
	}
	canonical, err := canonicalJSON(route["destinationParameters"])
	if err != nil {
		return err
	}
	detached, err := jose.ParseDetached(paramSig, canonical, []jose.SignatureAlgorithm{jose.PS512})
	if err != nil {
		return err
	}
	pkey, err := w.signingKey(c.Issuer, detached.Signatures[0].Header.KeyID)
	if err != nil {
		return err
	}
	_, err = detached.Verify(pkey)
	return err
}

// signingKey fetches the JWKS of iss and returns the key kid after the
// checks FIT-Connect demands of a signature key: RSA, 4096 bits, alg
// PS512, key_ops verify, a certificate for the same key.
func (w *sender) signingKey(iss, kid string) (*rsa.PublicKey, error) {
	raw := getOK(w.t, w.jwksURL(iss), "", nil)
	conform(w.t, "jwks", raw)
	var set jose.JSONWebKeySet
	if err := json.Unmarshal(raw, &set); err != nil {
		return nil, err
	}
	var ops struct {
		Keys []struct {
			KID    string   `json:"kid"`
			KeyOps []string `json:"key_ops"`
		} `json:"keys"`
	}
	if err := json.Unmarshal(raw, &ops); err != nil {
		return nil, err
	}
	ks := set.Key(kid)
	if len(ks) != 1 {
		return nil, fmt.Errorf("kid %q: %d keys in %s", kid, len(ks), raw)
	}
	pub, ok := ks[0].Key.(*rsa.PublicKey)
	i := slices.IndexFunc(ops.Keys, func(k struct {
		KID    string   `json:"kid"`
		KeyOps []string `json:"key_ops"`
	}) bool {
		return k.KID == kid
	})
	switch {
	case !ok || pub.N.BitLen() < 4096 || ks[0].Algorithm != "PS512" || i < 0 || !slices.Equal(ops.Keys[i].KeyOps, []string{"verify"}):
		return nil, fmt.Errorf("not a FIT-Connect signature key: %s", raw)
	case len(ks[0].Certificates) != 1 || !ks[0].Certificates[0].PublicKey.(*rsa.PublicKey).Equal(pub):
		return nil, fmt.Errorf("certificate does not hold the key")
	}
	return pub, nil
}

// canonicalJSON is the sender's canonical form of a JSON value: members
// sorted, no whitespace (encoding/json sorts map keys).
func canonicalJSON(raw []byte) ([]byte, error) {
	var v any
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func unmarshalAll(m map[string]json.RawMessage, into map[string]any) error {
	for k, dst := range into {
		if err := json.Unmarshal(m[k], dst); err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
	}
	return nil
}
