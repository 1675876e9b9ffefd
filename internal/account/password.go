package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"
)

// Params are the argon2id cost parameters (Passwort-Hash-Parameter). They
// are written into every hash, so they can be raised later: a login with a
// hash made under other parameters rehashes the password.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultParams returns the production cost: 64 MiB, 3 passes, 2 lanes —
// about 210 ms of CPU, i.e. roughly 105–120 ms wall time per hash on the
// idle reference machine (2 cores); see docs/benchmarks.md. That is well
// above the OWASP minimum (19 MiB × 2 passes, one lane).
func DefaultParams() Params {
	return Params{Memory: 64 * 1024, Time: 3, Threads: 2, SaltLen: 16, KeyLen: 32}
}

// Hasher hashes and checks passwords with argon2id. It bounds how many
// hashes run at once, so a flood of logins queues instead of exhausting
// memory.
type Hasher struct {
	params Params
	slots  chan struct{}
	onHash func()
}

// NewHasher returns a hasher with params that runs at most parallel hashes
// at once (at least one). onHash, if not nil, is called once per argon2
// computation; tests count with it.
func NewHasher(params Params, parallel int, onHash func()) *Hasher {
	if parallel < 1 {
		parallel = 1
	}
	return &Hasher{params: params, slots: make(chan struct{}, parallel), onHash: onHash}
}

// Hash returns the PHC string of password under the hasher's parameters:
// $argon2id$v=19$m=65536,t=3,p=2$<salt>$<hash> (unpadded standard base64).
// The password is NFC-normalised first, so the same characters typed on
// different systems match.
func (h *Hasher) Hash(password string) (string, error) {
	salt := make([]byte, h.params.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password salt: %w", err)
	}
	key := h.derive(password, salt, h.params)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		h.params.Memory, h.params.Time, h.params.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether password matches the PHC string encoded and
// whether encoded uses other parameters than the hasher's (rehash).
func (h *Hasher) Verify(encoded, password string) (ok, rehash bool, err error) {
	p, salt, key, err := decodePHC(encoded)
	if err != nil {
		return false, false, err
	}
	got := h.derive(password, salt, p)
	ok = subtle.ConstantTimeCompare(got, key) == 1
	cur := h.params
	rehash = p.Memory != cur.Memory || p.Time != cur.Time || p.Threads != cur.Threads ||
		p.KeyLen != cur.KeyLen || p.SaltLen != cur.SaltLen
	return ok, rehash, nil
}

func (h *Hasher) derive(password string, salt []byte, p Params) []byte {
	h.slots <- struct{}{}
	defer func() { <-h.slots }()
	if h.onHash != nil {
		h.onHash()
	}
	return argon2.IDKey([]byte(norm.NFC.String(password)), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
}

var errBadHash = errors.New("password hash: not an argon2id PHC string")

func decodePHC(s string) (p Params, salt, key []byte, err error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, errBadHash
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, errBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, errBadHash
	}
	b64 := base64.RawStdEncoding
	if salt, err = b64.DecodeString(parts[4]); err != nil {
		return p, nil, nil, errBadHash
	}
	if key, err = b64.DecodeString(parts[5]); err != nil || len(key) == 0 {
		return p, nil, nil, errBadHash
	}
	if p.Memory == 0 || p.Time == 0 || p.Threads == 0 {
		return p, nil, nil, errBadHash
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}
