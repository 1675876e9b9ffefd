// Package bearer makes the portal's bearer secrets — guest resume and
// mailbox links, e-mail confirmation tokens — and the form they are stored
// in. Whoever holds the value holds the right, so only its hash is ever
// stored: 256 random bits make a plain SHA-256 sufficient (nothing can be
// guessed from the hash, and no salt or slow hash is needed).
package bearer

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
)

// New returns a fresh secret (256 random bits, URL-safe base64) and the
// hash to store.
func New() (value, hash string) {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand)
	value = base64.RawURLEncoding.EncodeToString(b)
	return value, Hash(value)
}

// Hash is the stored form of a secret: hex SHA-256.
func Hash(value string) string {
	h := sha256.Sum256([]byte(value))
	return hex.EncodeToString(h[:])
}
