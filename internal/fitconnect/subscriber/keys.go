package subscriber

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/blob/keyring"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/fitconnect"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Destination is a FIT-Connect destination (Zustellpunkt) whose
// submissions amtsweg receives for one authority, with its private keys.
type Destination struct {
	ID          string
	TenantID    tenant.ID
	AuthorityID int64
	// Enc decrypts submissions (RSA-OAEP-256); Sig signs the events
	// (PS512). Both are private JWKs with their kid.
	Enc, Sig jose.JSONWebKey
}

var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// CreateDestination makes the two key pairs of destination id (the UUID
// the FIT-Connect self-service portal gave it) for authority authorityID
// of tenantID, stores the private parts sealed and returns the public
// JWK set to register there (PublicJWKS). An id that is no UUID in lower
// case or an authority that is not the tenant's is fault.Invalid naming
// the field ("id", "authority"), checked before the slow key generation;
// a destination that exists is fault.Conflict. It is audited as actor.
func CreateDestination(ctx context.Context, db *store.DB, kr *keyring.Keyring, actor string, tenantID tenant.ID, authorityID int64, id string) (Destination, error) {
	if !uuidPattern.MatchString(id) {
		return Destination{}, fault.Fields(fmt.Sprintf("the destination id %q is not a UUID in lower case", id),
			fault.FieldError{Field: "id", Key: "field.invalid", Text: "not a UUID in lower case"})
	}
	if _, err := catalog.GetAuthority(ctx, db, tenantID, authorityID); err != nil {
		return Destination{}, foreignAuthority(err, authorityID)
	}
	d := Destination{ID: id, TenantID: tenantID, AuthorityID: authorityID}
	var err error
	if d.Enc, err = newKey("RSA-OAEP-256", "enc"); err != nil {
		return d, err
	}
	if d.Sig, err = newKey("PS512", "sig"); err != nil {
		return d, err
	}
	enc, err := seal(ctx, kr, tenantID, id, "enc", d.Enc)
	if err != nil {
		return d, err
	}
	sig, err := seal(ctx, kr, tenantID, id, "sig", d.Sig)
	if err != nil {
		return d, err
	}
	err = db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := catalog.GetAuthority(ctx, tx, tenantID, authorityID); err != nil {
			return foreignAuthority(err, authorityID)
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM fitconnect_destination WHERE destination_id = $1`, id).Scan(&n); err != nil {
			return fmt.Errorf("fitconnect: destination: %w", err)
		}
		if n > 0 {
			return fault.New(fault.Conflict, "destination %s exists already", id)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO fitconnect_destination (destination_id, tenant_id, authority_id,
			enc_kid, enc_private, sig_kid, sig_private, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			id, tenantID, authorityID, d.Enc.KeyID, enc, d.Sig.KeyID, sig, time.Now().UTC().Truncate(time.Microsecond)); err != nil {
			return fmt.Errorf("fitconnect: store destination: %w", err)
		}
		return audit.Append(ctx, tx, audit.Entry{TenantID: int64(tenantID), Actor: actor, Action: "fitconnect.destination",
			ObjectType: "authority", ObjectID: strconv.FormatInt(authorityID, 10),
			Details: map[string]any{"destination": id, "enc_kid": d.Enc.KeyID, "sig_kid": d.Sig.KeyID}})
	})
	return d, err
}

// foreignAuthority is the error of an authority GetAuthority did not find
// in the tenant: fault.Invalid on the field "authority"; any other
// failure as it is.
func foreignAuthority(err error, authorityID int64) error {
	if !fault.Is(err, fault.NotFound) {
		return err
	}
	return fault.Fields(fmt.Sprintf("authority %d is not one of the tenant's", authorityID),
		fault.FieldError{Field: "authority", Key: "field.invalid", Text: "not one of the tenant's authorities"})
}

// newKey makes an RSA key pair for alg and use, kid its RFC 7638 thumbprint.
func newKey(alg, use string) (jose.JSONWebKey, error) {
	k, err := rsa.GenerateKey(rand.Reader, fitconnect.MinKeyBits)
	if err != nil {
		return jose.JSONWebKey{}, fmt.Errorf("fitconnect: key: %w", err)
	}
	j := jose.JSONWebKey{Key: k, Algorithm: alg, Use: use}
	j.KeyID, err = fitconnect.KeyID(j)
	return j, err
}

func purpose(destination, which string) string {
	return "fitconnect_destination." + which + "/" + destination
}

func seal(ctx context.Context, kr *keyring.Keyring, t tenant.ID, destination, which string, k jose.JSONWebKey) ([]byte, error) {
	b, err := k.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("fitconnect: marshal key: %w", err)
	}
	return kr.SealValue(ctx, t, purpose(destination, which), b)
}

// LoadDestination returns destination id with its opened private keys;
// an unknown one is fault.NotFound.
func LoadDestination(ctx context.Context, db *store.DB, kr *keyring.Keyring, id string) (Destination, error) {
	d := Destination{ID: id}
	var enc, sig []byte
	err := db.QueryRowContext(ctx, `SELECT tenant_id, authority_id, enc_private, sig_private FROM fitconnect_destination
		WHERE destination_id = $1`, id).Scan(&d.TenantID, &d.AuthorityID, &enc, &sig)
	if errors.Is(err, sql.ErrNoRows) {
		return d, fault.New(fault.NotFound, "destination %s is not configured", id)
	}
	if err != nil {
		return d, fmt.Errorf("fitconnect: destination %s: %w", id, err)
	}
	if d.Enc, err = open(ctx, kr, id, "enc", enc); err != nil {
		return d, err
	}
	d.Sig, err = open(ctx, kr, id, "sig", sig)
	return d, err
}

func open(ctx context.Context, kr *keyring.Keyring, destination, which string, sealed []byte) (jose.JSONWebKey, error) {
	var k jose.JSONWebKey
	b, err := kr.OpenValue(ctx, purpose(destination, which), sealed)
	if err != nil {
		return k, fmt.Errorf("fitconnect: open %s key of %s: %w", which, destination, err)
	}
	return k, k.UnmarshalJSON(b)
}

// PublicJWKS is the public JWK set of d to register in the FIT-Connect
// self-service portal: the encryption key (key_ops wrapKey) and the
// signature key (key_ops verify).
func (d Destination) PublicJWKS() ([]byte, error) {
	var keys []map[string]any
	for _, k := range []struct {
		j   jose.JSONWebKey
		ops string
	}{{d.Enc, "wrapKey"}, {d.Sig, "verify"}} {
		pub := k.j.Public()
		b, err := pub.MarshalJSON()
		if err != nil {
			return nil, fmt.Errorf("fitconnect: public key: %w", err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, err
		}
		m["key_ops"] = []string{k.ops}
		keys = append(keys, m)
	}
	return json.MarshalIndent(map[string]any{"keys": keys}, "", "  ")
}
