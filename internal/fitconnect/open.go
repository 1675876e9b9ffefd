package fitconnect

import (
	"crypto/rsa"
	"fmt"

	"github.com/go-jose/go-jose/v4"
)

// Open decrypts a FIT-Connect JWE in compact serialization as a
// subscriber does, for amtsweg's own subscriber (package subscriber) and
// the tests alike: only RSA-OAEP-256 key management and A256GCM content
// encryption are accepted (anything else, e.g. RSA1_5 or a direct key, is
// refused before decryption), with key, a private RSA JWK. A JWE whose
// protected header names another kid than key's is refused without
// trying. It returns the plaintext and the header's cty.
func Open(jwe string, key jose.JSONWebKey) (plain []byte, cty string, err error) {
	priv, ok := key.Key.(*rsa.PrivateKey)
	if !ok {
		return nil, "", fmt.Errorf("fitconnect: opening needs a private RSA key, not %T", key.Key)
	}
	obj, err := jose.ParseEncryptedCompact(jwe, []jose.KeyAlgorithm{jose.RSA_OAEP_256}, []jose.ContentEncryption{jose.A256GCM})
	if err != nil {
		return nil, "", fmt.Errorf("fitconnect: not a FIT-Connect JWE (RSA-OAEP-256, A256GCM): %w", err)
	}
	if kid := obj.Header.KeyID; kid != "" && key.KeyID != "" && kid != key.KeyID {
		return nil, "", fmt.Errorf("fitconnect: the JWE was encrypted to key %q, not %q", kid, key.KeyID)
	}
	plain, err = obj.Decrypt(priv)
	if err != nil {
		return nil, "", fmt.Errorf("fitconnect: the JWE does not open with key %q: %w", key.KeyID, err)
	}
	c, _ := obj.Header.ExtraHeaders[jose.HeaderContentType].(string)
	return plain, c, nil
}
