package keyring

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Master is a master key (Hauptschlüssel, KEK): 32 bytes kept outside the
// database that wrap the data keys.
type Master struct {
	// ID names the key in the database without revealing it: the first 8
	// bytes of SHA-256 over a fixed label and the key, in hex.
	ID  string
	key []byte
}

// NewMaster returns the master key of 32 bytes key.
func NewMaster(key []byte) (Master, error) {
	if len(key) != 32 {
		return Master{}, fmt.Errorf("keyring: a master key has 32 bytes, not %d", len(key))
	}
	sum := sha256.Sum256(append([]byte("amtsweg blob master key id\x00"), key...))
	return Master{ID: hex.EncodeToString(sum[:8]), key: append([]byte(nil), key...)}, nil
}

// ParseMasters reads a list of master keys, each 64 hex digits, separated
// by commas, spaces or line breaks (AMTSWEG_BLOB_MASTER_KEYS_ACCEPTED).
func ParseMasters(s string) ([]Master, error) {
	var out []Master
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\r' || r == '\t' }) {
		b, err := hex.DecodeString(f)
		if err != nil || len(b) != 32 {
			return nil, errors.New("keyring: each master key must be 64 hex digits")
		}
		m, _ := NewMaster(b)
		out = append(out, m)
	}
	return out, nil
}

// wrapAAD binds a wrapped key to its tenant and version: a wrapped key
// copied to another row does not unwrap.
func wrapAAD(t tenant.ID, version uint32) []byte {
	b := []byte("amtsweg blob data key\x00")
	b = binary.BigEndian.AppendUint64(b, uint64(t))
	return binary.BigEndian.AppendUint32(b, version)
}

func (m Master) aead() cipher.AEAD {
	c, _ := aes.NewCipher(m.key) // 32 bytes, checked by NewMaster
	g, _ := cipher.NewGCM(c)
	return g
}

// wrap seals dek: nonce (12 bytes) | AES-256-GCM ciphertext and tag.
func (m Master) wrap(t tenant.ID, version uint32, dek []byte) []byte {
	g := m.aead()
	nonce := make([]byte, g.NonceSize())
	rand.Read(nonce)
	return g.Seal(nonce, nonce, dek, wrapAAD(t, version))
}

// unwrap opens what wrap sealed.
func (m Master) unwrap(t tenant.ID, version uint32, wrapped []byte) ([]byte, error) {
	g := m.aead()
	if len(wrapped) < g.NonceSize() {
		return nil, errors.New("keyring: wrapped key too short")
	}
	dek, err := g.Open(nil, wrapped[:g.NonceSize()], wrapped[g.NonceSize():], wrapAAD(t, version))
	if err != nil {
		return nil, fmt.Errorf("keyring: data key %d of tenant %d does not unwrap with master %s", version, t, m.ID)
	}
	return dek, nil
}
