package account_test

import (
	"strings"
	"testing"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/fault"
)

// TestCheckPassword covers the ASVS rules: length in characters after
// NFC, common passwords, not the e-mail address, no composition rules.
func TestCheckPassword(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, password, email, key string // key "" means accepted
	}{
		{"7 characters", "Abc!234", "", "password.too_short"},
		{"8 characters, no composition rules", "zqxwvjkp", "", ""},
		{"4 umlauts are 8 bytes but 4 characters", "äöüß", "", "password.too_short"},
		{"8 characters of 2 bytes each", "äöüßäöüß", "", ""},
		{"decomposed ä counts once (NFC)", strings.Repeat("a\u0308", 7), "", "password.too_short"},
		{"64 characters", strings.Repeat("Wald", 16), "", ""},
		{"128 characters", strings.Repeat("Wald", 32), "", ""},
		{"129 characters", strings.Repeat("Wald", 32) + "x", "", "password.too_long"},
		{"common password", "password1", "", "password.common"},
		{"common password, other case", "PassWord1", "", "password.common"},
		{"deep in the list", "mercede1", "", "password.common"},
		{"the e-mail address", "erika@example.org", "Erika@example.org", "password.is_email"},
		{"passphrase with spaces", "correct horse battery staple", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := account.CheckPassword(c.password, c.email)
			var got string
			if e, ok := err.(*fault.Error); ok && len(e.Fields) == 1 {
				got = e.Fields[0].Key
			} else if err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if got != c.key {
				t.Fatalf("key %q, want %q", got, c.key)
			}
		})
	}
}

// TestPasswordHash: the PHC string carries the parameters, verifies, and
// asks for a rehash when the parameters changed.
func TestPasswordHash(t *testing.T) {
	t.Parallel()
	p := account.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	h := account.NewHasher(p, 1, nil)
	enc, err := h.Hash("Wald und Wiese")
	if err != nil || !strings.HasPrefix(enc, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q, %v", enc, err)
	}
	stronger := p
	stronger.Memory = 128
	cases := []struct {
		name             string
		h                *account.Hasher
		password         string
		wantOK, wantHash bool
	}{
		{"right", h, "Wald und Wiese", true, false},
		{"wrong", h, "Wald und Wiesel", false, false},
		{"right under raised parameters", account.NewHasher(stronger, 1, nil), "Wald und Wiese", true, true},
	}
	for _, c := range cases {
		ok, rehash, err := c.h.Verify(enc, c.password)
		if err != nil || ok != c.wantOK || rehash != c.wantHash {
			t.Errorf("%s: ok=%v rehash=%v err=%v", c.name, ok, rehash, err)
		}
	}
	umlaut, _ := h.Hash("Grüße")
	if ok, _, _ := h.Verify(umlaut, "Gru\u0308ße"); !ok {
		t.Error("decomposed ü does not match composed ü")
	}
	if _, _, err := h.Verify("$2a$10$bcrypt", "x"); err == nil {
		t.Error("foreign hash accepted")
	}
}
