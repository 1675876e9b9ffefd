package demoidp

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"errors"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// signingKey is the key that signs ID tokens: ECDSA P-256 (ES256), made
// at start, published at the JWKS endpoint; a restart makes a new one.
type signingKey struct {
	id   string
	priv *ecdsa.PrivateKey
}

func newSigningKey() (*signingKey, error) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	return &signingKey{id: rand.Text()[:16], priv: k}, nil
}

// SignatureAlgorithm, Key and ID make it an op.SigningKey.
func (k *signingKey) SignatureAlgorithm() jose.SignatureAlgorithm { return jose.ES256 }
func (k *signingKey) Key() any                                    { return k.priv }
func (k *signingKey) ID() string                                  { return k.id }

// publicKey is its public half for the JWKS (op.Key).
type publicKey struct{ k *signingKey }

func (p publicKey) ID() string                                       { return p.k.id }
func (p publicKey) Algorithm() jose.SignatureAlgorithm               { return jose.ES256 }
func (p publicKey) Use() string                                      { return "sig" }
func (p publicKey) Key() any                                         { return &p.k.priv.PublicKey }
func (s *storage) SigningKey(context.Context) (op.SigningKey, error) { return s.key, nil }

// SignatureAlgorithms lists ES256 only.
func (s *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.ES256}, nil
}

// KeySet is the JWKS: the one public key.
func (s *storage) KeySet(context.Context) ([]op.Key, error) {
	return []op.Key{publicKey{s.key}}, nil
}

// GetKeyByIDAndClientID is for JWT client authentication, which the
// portal does not use.
func (s *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errors.New("demoidp: no client keys")
}

// ValidateJWTProfileScopes is for the JWT profile grant, which the client
// may not use.
func (s *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("demoidp: no JWT profile grant")
}
