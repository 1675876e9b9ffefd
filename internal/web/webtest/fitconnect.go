package webtest

import (
	"crypto/rand"
	"crypto/rsa"
	"sync"
	"testing"

	"github.com/go-jose/go-jose/v4"
)

// FITKey is one 4096-bit RSA key for every FIT-Connect destination of the
// tests (generating it is slow; each authority still gets its own
// destination id).
var FITKey = sync.OnceValues(func() (*rsa.PrivateKey, error) { return rsa.GenerateKey(rand.Reader, 4096) })

// FITJWK is the public JWK of FITKey for encryption.
func FITJWK(t *testing.T) []byte {
	t.Helper()
	k, err := FITKey()
	Check(t, err)
	raw, err := jose.JSONWebKey{Key: &k.PublicKey, Algorithm: "RSA-OAEP-256", Use: "enc"}.MarshalJSON()
	Check(t, err)
	return raw
}
