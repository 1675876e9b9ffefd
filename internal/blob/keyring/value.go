package keyring

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// valueMagic opens a sealed value (versiegelter Wert).
const valueMagic = "AWV1"

const valueHeader = len(valueMagic) + 8 + 4

// SealValue seals a secret the portal must read again (a TOTP seed, a
// webhook signing secret) with tenant t's current data key, for storing
// in the database: magic "AWV1" | tenant (8 bytes) | key version (4) |
// nonce (12) | AES-256-GCM ciphertext and tag. The AES key is derived
// from the data key with HKDF-SHA256 (info "amtsweg sealed value"), apart
// from the file keys; the associated data is the header and purpose (the
// column and the row it belongs to), so a value copied to another row or
// column does not open. Key rotation applies as to files: a master key
// rotation rewraps the data key and leaves sealed values as they are.
func (k *Keyring) SealValue(ctx context.Context, t tenant.ID, purpose string, plain []byte) ([]byte, error) {
	version, dek, err := k.Current(ctx, t)
	if err != nil {
		return nil, err
	}
	g, err := valueAEAD(dek)
	if err != nil {
		return nil, err
	}
	head := valueHead(t, version)
	nonce := make([]byte, g.NonceSize())
	rand.Read(nonce)
	ad := append(append([]byte(nil), head...), purpose...)
	return g.Seal(append(head, nonce...), nonce, plain, ad), nil
}

// OpenValue opens what SealValue sealed for purpose.
func (k *Keyring) OpenValue(ctx context.Context, purpose string, sealed []byte) ([]byte, error) {
	return k.OpenValueIn(ctx, k.db, purpose, sealed)
}

// OpenValueIn is OpenValue reading the data key, if not cached, through
// q; a caller inside a transaction passes it (see KeyIn).
func (k *Keyring) OpenValueIn(ctx context.Context, q store.Querier, purpose string, sealed []byte) ([]byte, error) {
	if !IsSealedValue(sealed) || len(sealed) < valueHeader+12+16 {
		return nil, errors.New("keyring: not a sealed value")
	}
	t := tenant.ID(binary.BigEndian.Uint64(sealed[len(valueMagic):]))
	version := binary.BigEndian.Uint32(sealed[len(valueMagic)+8:])
	dek, err := k.KeyIn(ctx, q, t, version)
	if err != nil {
		return nil, err
	}
	g, err := valueAEAD(dek)
	if err != nil {
		return nil, err
	}
	head, nonce := sealed[:valueHeader], sealed[valueHeader:valueHeader+12]
	plain, err := g.Open(nil, nonce, sealed[valueHeader+12:], append(append([]byte(nil), head...), purpose...))
	if err != nil {
		return nil, fmt.Errorf("keyring: sealed value for %s does not open", purpose)
	}
	return plain, nil
}

// IsSealedValue tells whether b has the form SealValue writes.
func IsSealedValue(b []byte) bool {
	return len(b) >= valueHeader && string(b[:len(valueMagic)]) == valueMagic
}

func valueHead(t tenant.ID, version uint32) []byte {
	b := make([]byte, 0, valueHeader+12)
	b = append(b, valueMagic...)
	b = binary.BigEndian.AppendUint64(b, uint64(t))
	return binary.BigEndian.AppendUint32(b, version)
}

func valueAEAD(dek []byte) (cipher.AEAD, error) {
	key, err := hkdf.Key(sha256.New, dek, nil, "amtsweg sealed value", 32)
	if err != nil {
		return nil, err
	}
	c, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(c)
}
