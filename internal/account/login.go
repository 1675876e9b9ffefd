package account

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// The answers of Authenticate. ErrLoginFailed is the same for an unknown
// address and a wrong password; ErrLoginLocked is the same for every
// address, known or not.
var (
	ErrLoginFailed   = fault.New(fault.Unauthorized, "the e-mail address or the password is wrong")
	ErrLoginLocked   = fault.New(fault.Unauthorized, "too many failed attempts; please try again later or reset your password")
	ErrNotVerified   = fault.New(fault.Forbidden, "please confirm your e-mail address first; we have sent you a link")
	ErrAccountLocked = fault.New(fault.Forbidden, "this account is temporarily locked")
)

// Authenticate checks a password login (Anmeldung) of email at tenantID
// from clientAddr ("ip" or "ip:port"). It enforces the LockoutPolicy,
// writes the audit entries and rehashes a password stored under outdated
// parameters. Whether the address exists or not, a failure costs exactly
// one argon2 computation and returns ErrLoginFailed.
//
// Success means only that the password was right: the caller starts a
// session with StartSession, which says whether a second factor is due.
func (s *Service) Authenticate(ctx context.Context, tenantID tenant.ID, email, password, clientAddr string) (Account, error) {
	norm, err := NormalizeEmail(email)
	if err != nil {
		norm = strings.ToLower(strings.TrimSpace(email))
	}
	subj, addr := emailSubject(tenantID, norm), addrSubject(clientAddr)
	until, err := lockedUntil(ctx, s.db, tenantID, s.clock(), subj, addr)
	if err != nil {
		return Account{}, err
	}
	if !until.IsZero() {
		return Account{}, ErrLoginLocked
	}
	a, err := ByEmail(ctx, s.db, tenantID, norm)
	known := err == nil
	if err != nil && !fault.Is(err, fault.NotFound) {
		return Account{}, err
	}
	hash := s.dummyHash
	if known && a.passwordHash != "" {
		hash = a.passwordHash
	}
	ok, rehash, err := s.hasher.Verify(hash, password)
	if err != nil {
		return Account{}, fmt.Errorf("check password: %w", err)
	}
	if !ok || !known || a.passwordHash == "" {
		return Account{}, s.loginFailed(ctx, tenantID, a, subj, addr)
	}
	return s.loginSucceeded(ctx, a, password, rehash)
}

// loginFailed counts the failure for the e-mail address and the client
// address (if not ""), records it (by account id or address hash, never the address
// itself) and returns ErrLoginFailed.
func (s *Service) loginFailed(ctx context.Context, tenantID tenant.ID, a Account, subj, addr string) error {
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		p := s.cfg.Lockout
		var until time.Time
		var err error
		if !s.demoWaived(a) { // its password is on the login page: a lock would only shut out the next visitor
			if until, err = s.countFailure(ctx, tx, tenantID, subj, p.Failures, p.LockFor); err != nil {
				return err
			}
		}
		var addrUntil time.Time
		if addr != "" {
			if addrUntil, err = s.countFailure(ctx, tx, tenantID, addr, p.AddrFailures, p.AddrLockFor); err != nil {
				return err
			}
		}
		actor, object := "anonymous", subj
		if a.ID != 0 {
			actor, object = Actor(a.ID), idString(a.ID)
		}
		e := event{tenantID: tenantID, actor: actor, action: "account.login_failed", object: object,
			details: map[string]any{"client": addr}}
		if err := s.audit(ctx, tx, e); err != nil {
			return err
		}
		return s.recordLock(ctx, tx, e, a.ID, until, addrUntil)
	})
	if err != nil {
		return err
	}
	return ErrLoginFailed
}

// recordLock writes the lockout entries and mirrors an e-mail lock onto the
// account, so its state shows Locked.
func (s *Service) recordLock(ctx context.Context, tx *store.Tx, e event, accountID int64, until, addrUntil time.Time) error {
	if !until.IsZero() {
		if accountID != 0 {
			if _, err := tx.ExecContext(ctx, "UPDATE account SET locked_until = $1 WHERE id = $2 AND tenant_id = $3",
				until, accountID, e.tenantID); err != nil {
				return fmt.Errorf("lock account: %w", err)
			}
		}
		e.action, e.details = "account.lockout", map[string]any{"until": until.Format(time.RFC3339)}
		if err := s.audit(ctx, tx, e); err != nil {
			return err
		}
	}
	if !addrUntil.IsZero() {
		e.action, e.object = "account.lockout_client", e.details["client"].(string)
		e.details = map[string]any{"until": addrUntil.Format(time.RFC3339)}
		return s.audit(ctx, tx, e)
	}
	return nil
}

// loginSucceeded checks what a right password still cannot overcome
// (unverified address, a running admin lock), clears the failure count,
// rehashes if due and records the login.
func (s *Service) loginSucceeded(ctx context.Context, a Account, password string, rehash bool) (Account, error) {
	now := s.clock()
	switch {
	case a.StateAt(now) == StateLocked:
		return Account{}, ErrAccountLocked
	case a.State == StateUnverified:
		return Account{}, ErrNotVerified
	case a.State != StateActive:
		return Account{}, ErrLoginFailed
	}
	newHash := ""
	if rehash {
		h, err := s.hasher.Hash(password)
		if err != nil {
			return Account{}, err
		}
		newHash = h
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := s.unlock(ctx, tx, a); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE account SET last_login_at = $1,
			password_hash = CASE WHEN $2 = '' THEN password_hash ELSE $2 END WHERE id = $3`, now, newHash, a.ID)
		if err != nil {
			return fmt.Errorf("record login: %w", err)
		}
		return s.audit(ctx, tx, event{tenantID: a.TenantID, actor: Actor(a.ID), action: "account.login",
			object: idString(a.ID), details: map[string]any{"method": MethodPassword, "rehashed": rehash}})
	})
	a.LastLoginAt = now
	return a, err
}
