package account

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/bearer"
)

// ChangePassword sets a new password for a logged-in account after
// checking the current one, and ends all its other sessions; keep is the
// cookie value of the session that stays. A wrong current password is
// ErrLoginFailed and counts towards the lockout like a failed login.
func (s *Service) ChangePassword(ctx context.Context, accountID int64, current, password, keep string) error {
	a, err := ByID(ctx, s.db, accountID)
	if err != nil {
		return err
	}
	if err := CheckPassword(password, a.Email); err != nil {
		return err
	}
	subj := emailSubject(a.TenantID, mustNormal(a.Email))
	if until, err := lockedUntil(ctx, s.db, a.TenantID, s.clock(), subj); err != nil || !until.IsZero() {
		return firstErr(err, ErrLoginLocked)
	}
	ok, _, err := s.hasher.Verify(a.passwordHash, current)
	if err != nil || !ok {
		return firstErr(err, s.loginFailed(ctx, a.TenantID, a, subj, ""))
	}
	hash, err := s.hasher.Hash(password)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *sql.Tx) error {
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
