package account

import (
	"bufio"
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/amtsweg/amtsweg/internal/fault"
)

// Password length limits in characters (runes after NFC normalisation),
// following OWASP ASVS 5.0: at least 8, and at least 64 must be allowed.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 128
)

//go:embed common-passwords.txt
var commonPasswordFile string

var (
	commonOnce sync.Once
	common     map[string]struct{}
)

// isCommon reports whether password (compared in lower case) is on the
// shipped list of common passwords; see README.md for its source.
func isCommon(password string) bool {
	commonOnce.Do(func() {
		common = make(map[string]struct{}, 30000)
		sc := bufio.NewScanner(strings.NewReader(commonPasswordFile))
		for sc.Scan() {
			if w := strings.TrimSpace(sc.Text()); w != "" {
				common[strings.ToLower(w)] = struct{}{}
			}
		}
	})
	_, ok := common[strings.ToLower(password)]
	return ok
}

// CheckPassword applies the password rules (Passwortregeln): length in
// characters, not a common password, not the e-mail address. There are no
// composition rules and no expiry, as ASVS 5.0 asks. The error is Invalid
// with a field error on "password".
func CheckPassword(password, email string) error {
	p := norm.NFC.String(password)
	n := utf8.RuneCountInString(p)
	var fe *fault.FieldError
	switch {
	case n < MinPasswordLen:
		fe = &fault.FieldError{Key: "password.too_short", Args: map[string]any{"min": MinPasswordLen},
			Text: "the password must have at least 8 characters"}
	case n > MaxPasswordLen:
		fe = &fault.FieldError{Key: "password.too_long", Args: map[string]any{"max": MaxPasswordLen},
			Text: "the password may have at most 128 characters"}
	case isCommon(p):
		fe = &fault.FieldError{Key: "password.common", Text: "this password is too common; please choose another"}
	case email != "" && strings.EqualFold(p, strings.TrimSpace(email)):
		fe = &fault.FieldError{Key: "password.is_email", Text: "the password must not be your e-mail address"}
	}
	if fe != nil {
		fe.Field = "password"
		return fault.Fields("the password does not meet the rules", *fe)
	}
	return nil
}
