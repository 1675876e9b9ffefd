package account

import (
	"context"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Reset requests (Passwort vergessen) are counted in login_throttle like
// failed logins, under subjects of their own: per e-mail address, known
// or not, and per client address, within the lockout window; reaching a
// limit locks that subject like a login lock (ASVS 5.0 V6.3.1).
const (
	ResetPerAddress = 5  // reset requests per e-mail address and window
	ResetPerSource  = 50 // reset requests per client address and window
)

// ErrResetThrottled refuses a reset request over a limit; it says the
// same for known and unknown addresses.
var ErrResetThrottled = fault.New(fault.Unavailable, "too many requests; please try again later")

// AllowReset counts one reset request for email from clientAddr and fails
// with ErrResetThrottled while the address or the client is locked. It
// never looks the address up, so it does the same work for known and
// unknown addresses.
func (s *Service) AllowReset(ctx context.Context, tenantID tenant.ID, email, clientAddr string) error {
	norm, err := NormalizeEmail(email)
	if err != nil {
		norm = strings.ToLower(strings.TrimSpace(email))
	}
	subj, src := "r"+emailSubject(tenantID, norm), "r"+addrSubject(clientAddr)
	until, err := lockedUntil(ctx, s.db, tenantID, s.clock(), subj, src)
	if err != nil {
		return err
	}
	if !until.IsZero() {
		return ErrResetThrottled
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := s.countFailure(ctx, tx, tenantID, subj, ResetPerAddress, s.cfg.Lockout.LockFor); err != nil {
			return err
		}
		_, err := s.countFailure(ctx, tx, tenantID, src, ResetPerSource, s.cfg.Lockout.AddrLockFor)
		return err
	})
}
