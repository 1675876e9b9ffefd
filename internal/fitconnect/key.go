package fitconnect

import (
	"context"
	"crypto"
	"crypto/rsa"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// MinKeyBits is the smallest RSA modulus FIT-Connect accepts.
const MinKeyBits = 4096

// Alg is the key management algorithm of every JWE (and the JWK's alg).
const Alg = "RSA-OAEP-256"

// Key is an authority's registered encryption key (Verschlüsselungsschlüssel)
// and its FIT-Connect destination (Zustellpunkt).
type Key struct {
	TenantID      tenant.ID
	AuthorityID   int64
	DestinationID string
	KeyID         string
	// JWK is the public key as stored: kty, n, e, kid, alg, use, key_ops.
	JWK       json.RawMessage
	CreatedAt time.Time
}

// Public returns the key for encryption.
func (k Key) Public() (jose.JSONWebKey, error) {
	var j jose.JSONWebKey
	if err := j.UnmarshalJSON(k.JWK); err != nil {
		return j, fmt.Errorf("fitconnect: stored key of authority %d: %w", k.AuthorityID, err)
	}
	return j, nil
}

// ParseKey checks a JWK for use as a FIT-Connect encryption key and
// returns its public part in the stored form, with kid set (the RFC 7638
// thumbprint when the JWK has none). Every refusal is fault.Invalid with
// the reason.
func ParseKey(raw []byte) (kid string, public json.RawMessage, err error) {
	var j jose.JSONWebKey
	if err := j.UnmarshalJSON(raw); err != nil {
		return "", nil, fault.New(fault.Invalid, "not a valid JWK: %v", err)
	}
	var extra struct {
		KeyOps []string `json:"key_ops"`
	}
	json.Unmarshal(raw, &extra) // j parsed, so raw is a JSON object
	var pub *rsa.PublicKey
	switch k := j.Key.(type) {
	case *rsa.PublicKey:
		pub = k
	case *rsa.PrivateKey:
		return "", nil, fault.New(fault.Invalid, "this JWK holds a private key; register only the public part (the private key must never leave the authority)")
	default:
		return "", nil, fault.New(fault.Invalid, "the key must be an RSA key (kty RSA), not %T", j.Key)
	}
	switch {
	case pub.N.BitLen() < MinKeyBits:
		return "", nil, fault.New(fault.Invalid, "the RSA key has %d bits; FIT-Connect needs at least %d", pub.N.BitLen(), MinKeyBits)
	case j.Algorithm != Alg:
		return "", nil, fault.New(fault.Invalid, "the key's alg is %q; an encryption key must say %q", j.Algorithm, Alg)
	case j.Use != "" && j.Use != "enc":
		return "", nil, fault.New(fault.Invalid, "the key's use is %q; an encryption key must have use \"enc\"", j.Use)
	case len(extra.KeyOps) > 0 && !slices.Contains(extra.KeyOps, "wrapKey"):
		return "", nil, fault.New(fault.Invalid, "the key's key_ops %v do not allow wrapKey (encryption); this looks like a signature key", extra.KeyOps)
	case pub.E != 65537:
		return "", nil, fault.New(fault.Invalid, "the key's public exponent must be 65537 (AQAB)")
	}
	kid = j.KeyID
	if kid == "" {
		if kid, err = KeyID(j); err != nil {
			return "", nil, fault.New(fault.Invalid, "cannot compute the key's thumbprint: %v", err)
		}
	}
	out := jose.JSONWebKey{Key: pub, KeyID: kid, Algorithm: Alg, Use: "enc"}
	b, err := out.MarshalJSON()
	if err != nil {
		return "", nil, fmt.Errorf("fitconnect: marshal key: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return "", nil, err
	}
	m["key_ops"] = []string{"wrapKey"}
	b, err = json.Marshal(m)
	return kid, b, err
}

// RegisterKey stores raw (a JWK, see ParseKey) as the encryption key of
// authority authorityID of tenantID and returns the destination. The
// tenant's outbox cursor starts at the current event so earlier cases are
// not sealed (see the package comment). It is audited as actor.
func RegisterKey(ctx context.Context, db *store.DB, actor string, tenantID tenant.ID, authorityID int64, raw []byte) (Key, error) {
	kid, pub, err := ParseKey(raw)
	if err != nil {
		return Key{}, err
	}
	k := Key{TenantID: tenantID, AuthorityID: authorityID, KeyID: kid, JWK: pub, CreatedAt: time.Now().UTC().Truncate(time.Microsecond)}
	err = db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := catalog.GetAuthority(ctx, tx, tenantID, authorityID); err != nil {
			return fault.New(fault.NotFound, "authority %d is not one of the tenant's", authorityID)
		}
		err := tx.QueryRowContext(ctx, `SELECT destination_id FROM fitconnect_key WHERE authority_id = $1 AND tenant_id = $2`,
			authorityID, tenantID).Scan(&k.DestinationID)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			k.DestinationID = NewUUID()
			_, err = tx.ExecContext(ctx, `INSERT INTO fitconnect_key (authority_id, tenant_id, destination_id, kid, jwk, created_at)
				VALUES ($1, $2, $3, $4, $5, $6)`, authorityID, tenantID, k.DestinationID, kid, string(pub), k.CreatedAt)
		case err == nil:
			_, err = tx.ExecContext(ctx, `UPDATE fitconnect_key SET kid = $1, jwk = $2, created_at = $3 WHERE authority_id = $4 AND tenant_id = $5`,
				kid, string(pub), k.CreatedAt, authorityID, tenantID)
		}
		if err != nil {
			return fmt.Errorf("fitconnect: store key: %w", err)
		}
		head, err := events.Head(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO fitconnect_cursor (tenant_id, last_seq)
			VALUES ($1, $2) ON CONFLICT (tenant_id) DO NOTHING`, tenantID, head); err != nil {
			return fmt.Errorf("fitconnect: cursor: %w", err)
		}
		return audit.Append(ctx, tx, audit.Entry{TenantID: int64(tenantID), Actor: actor, Action: "fitconnect.key",
			ObjectType: "authority", ObjectID: strconv.FormatInt(authorityID, 10),
			Details: map[string]any{"kid": kid, "destination": k.DestinationID}})
	})
	return k, err
}

// KeyOf returns the key of authorityID in tenantID; none is fault.NotFound.
func KeyOf(ctx context.Context, q store.Querier, tenantID tenant.ID, authorityID int64) (Key, error) {
	k := Key{TenantID: tenantID, AuthorityID: authorityID}
	var jwk string
	err := q.QueryRowContext(ctx, `SELECT destination_id, kid, jwk, created_at FROM fitconnect_key
		WHERE authority_id = $1 AND tenant_id = $2`, authorityID, tenantID).Scan(&k.DestinationID, &k.KeyID, &jwk, &k.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return k, fault.New(fault.NotFound, "authority %d has no FIT-Connect key", authorityID)
	}
	if err != nil {
		return k, fmt.Errorf("fitconnect: key of authority %d: %w", authorityID, err)
	}
	k.JWK, k.CreatedAt = json.RawMessage(jwk), k.CreatedAt.UTC()
	return k, nil
}

// KeyID is the kid amtsweg gives a key it makes or one registered
// without a kid: the RFC 7638 SHA-256 thumbprint of its public part,
// base64url.
func KeyID(j jose.JSONWebKey) (string, error) {
	pub := j.Public()
	tp, err := pub.Thumbprint(crypto.SHA256)
	if err != nil {
		return "", fmt.Errorf("fitconnect: thumbprint: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(tp), nil
}
