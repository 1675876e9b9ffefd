package account

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"hash"
	"testing"
	"time"
)

// TestHOTPRFC6238 checks the test vectors of RFC 6238 appendix B (8
// digits, 30-second steps, the three hash functions with their seeds).
func TestHOTPRFC6238(t *testing.T) {
	t.Parallel()
	seed1 := []byte("12345678901234567890")
	seed256 := []byte("12345678901234567890123456789012")
	seed512 := []byte("1234567890123456789012345678901234567890123456789012345678901234")
	algs := []struct {
		name string
		h    func() hash.Hash
		key  []byte
	}{{"SHA1", sha1.New, seed1}, {"SHA256", sha256.New, seed256}, {"SHA512", sha512.New, seed512}}
	vectors := []struct {
		unix int64
		want [3]string
	}{
		{59, [3]string{"94287082", "46119246", "90693936"}},
		{1111111109, [3]string{"07081804", "68084774", "25091201"}},
		{1111111111, [3]string{"14050471", "67062674", "99943326"}},
		{1234567890, [3]string{"89005924", "91819424", "93441116"}},
		{2000000000, [3]string{"69279037", "90698825", "38618901"}},
		{20000000000, [3]string{"65353130", "77737706", "47863826"}},
	}
	for _, v := range vectors {
		for i, a := range algs {
			step := totpStep(time.Unix(v.unix, 0))
			if got := hotp(a.h, a.key, uint64(step), 8); got != v.want[i] {
				t.Errorf("%s at %d: got %s, want %s", a.name, v.unix, got, v.want[i])
			}
		}
	}
	// The 6-digit code used in practice is the last six digits.
	if got := totpCode(seed1, totpStep(time.Unix(59, 0))); got != "287082" {
		t.Errorf("6-digit SHA1 at 59: got %s, want 287082", got)
	}
}

// TestMatchTOTPWindowAndReplay checks the ±1 step window and that a step
// at or before the last used one never matches again.
func TestMatchTOTPWindowAndReplay(t *testing.T) {
	t.Parallel()
	secret := []byte("12345678901234567890")
	now := time.Unix(1111111111, 0)
	cur := totpStep(now)
	cases := []struct {
		name     string
		step     int64
		lastStep int64
		ok       bool
	}{
		{"current step", cur, 0, true},
		{"one step back", cur - 1, 0, true},
		{"one step ahead", cur + 1, 0, true},
		{"two steps back", cur - 2, 0, false},
		{"two steps ahead", cur + 2, 0, false},
		{"replay of the used step", cur, cur, false},
		{"earlier step after a later one was used", cur - 1, cur, false},
		{"later step after an earlier one was used", cur + 1, cur, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			step, ok := matchTOTP(secret, totpCode(secret, c.step), now, c.lastStep)
			if ok != c.ok || (ok && step != c.step) {
				t.Fatalf("matchTOTP = (%d, %v), want (%d, %v)", step, ok, c.step, c.ok)
			}
		})
	}
	if _, ok := matchTOTP(secret, "000000x", now, 0); ok {
		t.Fatal("garbage code matched")
	}
}
