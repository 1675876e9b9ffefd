package account

import (
	"context"
	"fmt"
	"time"

	"github.com/amtsweg/amtsweg/internal/bearer"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// FreshLogin is how recent the login of a session without a password
// (eID only) must be to count as re-authentication (erneute Anmeldung).
const FreshLogin = 10 * time.Minute

// ErrReauth asks for a fresh login: the account has no password to
// confirm a sensitive change with and the session's login is older than
// FreshLogin.
var ErrReauth = fault.New(fault.Unauthorized, "please log in again to confirm this change")

// HasPassword reports whether the account can log in with a password
// (an account made by an eID login has none until it sets one).
func (a Account) HasPassword() bool { return a.passwordHash != "" }

// Reauthenticate confirms that the person at session ss is the owner of
// its account before a sensitive change (e-mail change, deletion; ASVS
// 5.0 V6.2.1/V7.5.1): current must be the account's password, or, for an
// account without one, the session's login must be fresher than
// FreshLogin (ErrReauth). A wrong password is ErrLoginFailed and counts
// towards the lockout like a failed login.
func (s *Service) Reauthenticate(ctx context.Context, ss Session, current string) error {
	a, err := ByID(ctx, s.db, ss.AccountID)
	if err != nil {
		return err
	}
	if !a.HasPassword() {
		if s.clock().Sub(ss.CreatedAt) > FreshLogin {
			return ErrReauth
		}
		return nil
	}
	return s.checkCurrent(ctx, a, current)
}

// checkCurrent checks current against a's password under the login
// lockout.
func (s *Service) checkCurrent(ctx context.Context, a Account, current string) error {
	subj := emailSubject(a.TenantID, mustNormal(a.Email))
	if until, err := lockedUntil(ctx, s.db, a.TenantID, s.clock(), subj); err != nil || !until.IsZero() {
		return firstErr(err, ErrLoginLocked)
	}
	if !a.HasPassword() {
		return ErrLoginFailed
	}
	ok, _, err := s.hasher.Verify(a.passwordHash, current)
	if err != nil || !ok {
		return firstErr(err, s.loginFailed(ctx, a.TenantID, a, subj, ""))
	}
	return nil
}

// ChangePassword sets a new password for a logged-in account after
// checking the current one, and ends all its other sessions; keep is the
// cookie value of the session that stays. A wrong current password is
// ErrLoginFailed and counts towards the lockout like a failed login.
func (s *Service) ChangePassword(ctx context.Context, accountID int64, current, password, keep string) error {
	a, err := ByID(ctx, s.db, accountID)
	if err != nil {
		return err
	}
	if err := s.keepDemo(a); err != nil {
		return err
	}
	if err := CheckPassword(password, a.Email); err != nil {
		return err
	}
	if err := s.checkCurrent(ctx, a, current); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(password)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := s.setPassword(ctx, tx, a, hash); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM account_session WHERE account_id = $1 AND token_hash <> $2", a.ID, bearer.Hash(keep))
		if err != nil {
			return fmt.Errorf("end other sessions: %w", err)
		}
		return s.audit(ctx, tx, event{tenantID: a.TenantID, actor: Actor(a.ID), action: "account.password_change", object: idString(a.ID)})
	})
}
