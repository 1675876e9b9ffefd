package account

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/binary"
	"fmt"
	"hash"
	"time"
)

// TOTP parameters (RFC 6238): SHA-1, 6 digits, 30-second steps, and one
// step of clock drift accepted either way. These are what every
// authenticator app understands.
const (
	totpDigits = 6
	totpPeriod = 30
	totpWindow = 1
)

// hotp is the RFC 4226 one-time password of key at counter, with digits
// digits, using the hash h.
func hotp(h func() hash.Hash, key []byte, counter uint64, digits int) string {
	mac := hmac.New(h, key)
	var msg [8]byte
	binary.BigEndian.PutUint64(msg[:], counter)
	mac.Write(msg[:])
	sum := mac.Sum(nil)
	off := sum[len(sum)-1] & 0x0f
	code := binary.BigEndian.Uint32(sum[off:off+4]) & 0x7fffffff
	mod := uint32(1)
	for range digits {
		mod *= 10
	}
	return fmt.Sprintf("%0*d", digits, code%mod)
}

// totpStep is the RFC 6238 time step of t.
func totpStep(t time.Time) int64 { return t.Unix() / totpPeriod }

// totpCode is the code of secret for time step step.
func totpCode(secret []byte, step int64) string {
	return hotp(sha1.New, secret, uint64(step), totpDigits)
}

// matchTOTP returns the time step within the window around now whose code
// equals code and that is later than lastStep (a step once used never
// counts again: replay protection); ok is false if there is none.
func matchTOTP(secret []byte, code string, now time.Time, lastStep int64) (step int64, ok bool) {
	cur := totpStep(now)
	for s := cur - totpWindow; s <= cur+totpWindow; s++ {
		if s <= lastStep {
			continue
		}
		if subtle.ConstantTimeCompare([]byte(totpCode(secret, s)), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}
