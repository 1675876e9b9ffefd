package fitconnect

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/go-jose/go-jose/v4"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// SigAlg is the signature algorithm of every FIT-Connect signature
// (RSASSA-PSS with SHA-512), as the FIT-Connect crypto rules demand.
const SigAlg = "PS512"

// Sealer seals the private signing keys (versiegelte Werte):
// blob/keyring.Keyring, with the tenant's data key.
type Sealer interface {
	SealValue(ctx context.Context, t tenant.ID, purpose string, plain []byte) ([]byte, error)
	OpenValue(ctx context.Context, purpose string, sealed []byte) ([]byte, error)
}

// signingKey is a tenant's signing key (Signaturschlüssel) in memory.
type signingKey struct {
	kid  string
	priv *rsa.PrivateKey
	// loaded is when it was read; after signerReload it is read again, so
	// a key rotated by another process (the command line) signs here too.
	loaded time.Time
}

// signerReload is how long a process signs with the key it read before it
// looks for a newer one (RotateSigningKey).
const signerReload = 5 * time.Minute

// signingPurpose binds a sealed private key to its tenant and kid.
func signingPurpose(t tenant.ID, kid string) string {
	return fmt.Sprintf("fitconnect_signing_key/%d/%s", t, kid)
}

// signer returns the newest signing key of tenantID, creating the first
// one (RSA 4096, audited) when the tenant has none.
func (s *Service) signer(ctx context.Context, tenantID tenant.ID) (*signingKey, error) {
	if k, ok := s.signers.Load(tenantID); ok && time.Since(k.(*signingKey).loaded) < signerReload {
		return k.(*signingKey), nil
	}
	if s.secrets == nil {
		return nil, fault.New(fault.Unavailable, "FIT-Connect signing needs the key store (no sealer configured)")
	}
	k, err := s.loadSigner(ctx, tenantID)
	if fault.Is(err, fault.NotFound) {
		if _, err = createSigningKey(ctx, s.db, s.secrets, "system:fitconnect", tenantID); err == nil {
			k, err = s.loadSigner(ctx, tenantID) // the newest, also if another process created one at once
		}
	}
	if err != nil {
		return nil, err
	}
	s.signers.Store(tenantID, k)
	return k, nil
}

func (s *Service) loadSigner(ctx context.Context, tenantID tenant.ID) (*signingKey, error) {
	loaded := time.Now()
	var kid, sealed string
	err := s.db.QueryRowContext(ctx, `SELECT kid, private_sealed FROM fitconnect_signing_key WHERE tenant_id = $1
		ORDER BY created_at DESC, kid LIMIT 1`, tenantID).Scan(&kid, &sealed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fault.New(fault.NotFound, "tenant %d has no FIT-Connect signing key", tenantID)
	}
	if err != nil {
		return nil, fmt.Errorf("fitconnect: signing key: %w", err)
	}
	raw, err := base64.StdEncoding.DecodeString(sealed)
	if err != nil {
		return nil, fmt.Errorf("fitconnect: signing key %s: %w", kid, err)
	}
	der, err := s.secrets.OpenValue(ctx, signingPurpose(tenantID, kid), raw)
	if err != nil {
		return nil, err
	}
	priv, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("fitconnect: signing key %s: %w", kid, err)
	}
	rk, ok := priv.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("fitconnect: signing key %s is no RSA key", kid)
	}
	return &signingKey{kid: kid, priv: rk, loaded: loaded}, nil
}

// createSigningKey makes a new signing key for tenantID, which signs from
// then on: RSA 4096, published as a JWK with kid (its RFC 7638
// thumbprint), alg PS512, key_ops verify and a self-signed certificate in
// x5c (the JWK schema of the Routing API requires x5c; the certificate is
// no V-PKI certificate). actor is audited.
func createSigningKey(ctx context.Context, db *store.DB, secrets Sealer, actor string, tenantID tenant.ID) (string, error) {
	priv, err := rsa.GenerateKey(rand.Reader, MinKeyBits)
	if err != nil {
		return "", fmt.Errorf("fitconnect: generate signing key: %w", err)
	}
	pub, kid, err := publicSigningJWK(priv)
	if err != nil {
		return "", err
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return "", fmt.Errorf("fitconnect: marshal signing key: %w", err)
	}
	sealed, err := secrets.SealValue(ctx, tenantID, signingPurpose(tenantID, kid), der)
	if err != nil {
		return "", err
	}
	return kid, db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO fitconnect_signing_key (tenant_id, kid, public_jwk, private_sealed, created_at)
			VALUES ($1, $2, $3, $4, $5)`, tenantID, kid, string(pub), base64.StdEncoding.EncodeToString(sealed),
			time.Now().UTC().Truncate(time.Microsecond)); err != nil {
			return fmt.Errorf("fitconnect: store signing key: %w", err)
		}
		return audit.Append(ctx, tx, audit.Entry{TenantID: int64(tenantID), Actor: actor,
			Action: "fitconnect.signing_key", ObjectType: "tenant", ObjectID: fmt.Sprint(tenantID),
			Details: map[string]any{"kid": kid, "alg": SigAlg}})
	})
}

// publicSigningJWK is the published form of priv's public key.
func publicSigningJWK(priv *rsa.PrivateKey) (json.RawMessage, string, error) {
	j := jose.JSONWebKey{Key: &priv.PublicKey, Algorithm: SigAlg, Use: "sig"}
	var err error
	if j.KeyID, err = KeyID(j); err != nil {
		return nil, "", err
	}
	cert, err := selfSigned(priv, j.KeyID)
	if err != nil {
		return nil, "", err
	}
	j.Certificates = []*x509.Certificate{cert}
	b, err := j.MarshalJSON()
	if err != nil {
		return nil, "", fmt.Errorf("fitconnect: marshal JWK: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, "", err
	}
	m["key_ops"] = []string{"verify"}
	b, err = json.Marshal(m)
	return b, j.KeyID, err
}

// selfSigned is a self-signed certificate of priv (RSASSA-PSS, SHA-512),
// ten years valid, for digitalSignature.
func selfSigned(priv *rsa.PrivateKey, kid string) (*x509.Certificate, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 126))
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	tmpl := &x509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: "amtsweg FIT-Connect " + kid},
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(10, 0, 0), SignatureAlgorithm: x509.SHA512WithRSAPSS,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &priv.PublicKey, priv)
	if err != nil {
		return nil, fmt.Errorf("fitconnect: certificate: %w", err)
	}
	return x509.ParseCertificate(der)
}

// SigningKeys returns the JWKS of tenantID's signing keys, newest first,
// with which a sender verifies destinationSignature and
// destinationParametersSignature (published as /.well-known/jwks.json).
// A tenant without one gets its first key here.
func (s *Service) SigningKeys(ctx context.Context, tenantID tenant.ID) (JWKS, error) {
	if _, err := s.signer(ctx, tenantID); err != nil {
		return JWKS{}, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT public_jwk FROM fitconnect_signing_key WHERE tenant_id = $1
		ORDER BY created_at DESC, kid`, tenantID)
	if err != nil {
		return JWKS{}, fmt.Errorf("fitconnect: signing keys: %w", err)
	}
	out := JWKS{Keys: []map[string]any{}}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var raw string
		if err := row.Scan(&raw); err != nil {
			return err
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(raw), &m); err != nil {
			return err
		}
		out.Keys = append(out.Keys, m)
		return nil
	})
	return out, err
}
