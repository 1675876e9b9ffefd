package account

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/bearer"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// checkSecondFactor accepts a TOTP code (once per time step) or an unused
// recovery code of accountID, consuming what it accepts. It reports which
// kind matched ("totp", "recovery") or "" for none.
func (s *Service) checkSecondFactor(ctx context.Context, tx *store.Tx, accountID int64, code string) (string, error) {
	code = normalizeCode(code)
	secret, last, confirmed, err := s.readTOTP(ctx, tx, accountID)
	if err != nil || !confirmed {
		return "", err
	}
	if step, ok := matchTOTP(secret, code, s.clock(), last); ok {
		// The condition on last_step makes concurrent uses of one code
		// race to a single winner.
		res, err := tx.ExecContext(ctx, "UPDATE account_totp SET last_step = $1 WHERE account_id = $2 AND last_step < $1", step, accountID)
		if err != nil {
			return "", fmt.Errorf("use totp: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return "totp", nil
		}
		return "", nil
	}
	res, err := tx.ExecContext(ctx, `UPDATE account_recovery_code SET used_at = $1
		WHERE account_id = $2 AND code_hash = $3 AND used_at IS NULL`, s.clock(), accountID, bearer.Hash(code))
	if err != nil {
		return "", fmt.Errorf("use recovery code: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return "recovery", nil
	}
	return "", nil
}

// CompleteSecondFactor finishes a login in StageSecondFactor with a TOTP
// or recovery code and returns the session's new cookie value. Wrong codes
// count towards the same lockout as wrong passwords.
func (s *Service) CompleteSecondFactor(ctx context.Context, token, code string) (string, error) {
	var newToken string
	failed := false
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		ss, err := s.liveSession(ctx, tx, token)
		if err != nil {
			return err
		}
		if ss.Stage != StageSecondFactor {
			return ErrNoSession
		}
		a, err := ByID(ctx, tx, ss.AccountID)
		if err != nil {
			return err
		}
		subj := emailSubject(a.TenantID, mustNormal(a.Email))
		if until, err := lockedUntil(ctx, tx, a.TenantID, s.clock(), subj); err != nil || !until.IsZero() {
			return firstErr(err, ErrLoginLocked)
		}
		kind, err := s.checkSecondFactor(ctx, tx, a.ID, code)
		if err != nil {
			return err
		}
		if kind == "" {
			failed = true
			return s.secondFactorFailed(ctx, tx, a, subj)
		}
		_, err = tx.ExecContext(ctx, "UPDATE account_session SET method = $1 WHERE id = $2", MethodPasswordTOTP, ss.ID)
		if err != nil {
			return fmt.Errorf("record method: %w", err)
		}
		if newToken, err = s.rotate(ctx, tx, ss, StageComplete); err != nil {
			return err
		}
		return s.audit(ctx, tx, event{tenantID: a.TenantID, actor: Actor(a.ID), action: "account.second_factor",
			object: idString(a.ID), details: map[string]any{"kind": kind, "session": ss.ID}})
	})
	if err == nil && failed {
		err = ErrSecondFactor
	}
	return newToken, err
}

// secondFactorFailed counts and records a wrong code; the transaction
// commits so the count sticks.
func (s *Service) secondFactorFailed(ctx context.Context, tx *store.Tx, a Account, subj string) error {
	p := s.cfg.Lockout
	until, err := s.countFailure(ctx, tx, a.TenantID, subj, p.Failures, p.LockFor)
	if err != nil {
		return err
	}
	e := event{tenantID: a.TenantID, actor: Actor(a.ID), action: "account.second_factor_failed", object: idString(a.ID)}
	if err := s.audit(ctx, tx, e); err != nil {
		return err
	}
	return s.recordLock(ctx, tx, e, a.ID, until, time.Time{})
}

// DisableTOTP removes the second factor of accountID after checking a
// current TOTP or recovery code. Staff must keep theirs (Forbidden).
func (s *Service) DisableTOTP(ctx context.Context, accountID int64, code string) error {
	failed := false
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		a, err := ByID(ctx, tx, accountID)
		if err != nil {
			return err
		}
		if a.Kind == KindStaff {
			return fault.New(fault.Forbidden, "staff accounts must keep their second factor")
		}
		kind, err := s.checkSecondFactor(ctx, tx, accountID, code)
		if err != nil {
			return err
		}
		if kind == "" {
			failed = true
			return nil
		}
		if err := dropSecondFactor(ctx, tx, accountID); err != nil {
			return err
		}
		return s.audit(ctx, tx, event{tenantID: a.TenantID, actor: Actor(accountID), action: "account.totp_disable", object: idString(accountID)})
	})
	if err == nil && failed {
		err = ErrSecondFactor
	}
	return err
}

func dropSecondFactor(ctx context.Context, tx *store.Tx, accountID int64) error {
	for _, q := range []string{"DELETE FROM account_totp WHERE account_id = $1", "DELETE FROM account_recovery_code WHERE account_id = $1"} {
		if _, err := tx.ExecContext(ctx, q, accountID); err != nil {
			return fmt.Errorf("drop second factor: %w", err)
		}
	}
	return nil
}

// mustNormal is the normalised form of a stored address (stored addresses
// are valid), or its lower case for safety.
func mustNormal(email string) string {
	if n, err := NormalizeEmail(email); err == nil {
		return n
	}
	return strings.ToLower(email)
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
