package fitconnect

import (
	"crypto/rsa"
	"fmt"

	"github.com/go-jose/go-jose/v4"
)

// Open decrypts a FIT-Connect JWE in compact serialization as a
// subscriber does: only RSA-OAEP-256 key management and A256GCM content
// encryption are accepted (anything else, e.g. RSA1_5 or a direct key, is
// refused before decryption), with the destination's private key. It
// returns the plaintext and the protected header's kid and cty.
func Open(jwe string, key *rsa.PrivateKey) (plain []byte, kid, cty string, err error) {
	obj, err := jose.ParseEncryptedCompact(jwe, []jose.KeyAlgorithm{jose.RSA_OAEP_256}, []jose.ContentEncryption{jose.A256GCM})
	if err != nil {
		return nil, "", "", fmt.Errorf("fitconnect: not a FIT-Connect JWE (RSA-OAEP-256, A256GCM): %w", err)
	}
	plain, err = obj.Decrypt(key)
	if err != nil {
		return nil, "", "", fmt.Errorf("fitconnect: the JWE does not open with this key: %w", err)
	}
	c, _ := obj.Header.ExtraHeaders[jose.HeaderContentType].(string)
	return plain, obj.Header.KeyID, c, nil
}
