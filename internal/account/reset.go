package account

import (
	"context"
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// RequestReset starts a password reset (Passwort vergessen). For a known
// live account it returns a MailReset with a fresh token (older reset links
// stop working); for an unknown address it returns MailNone. The error is
// the same (nil) in both cases, so the caller's answer reveals nothing.
func (s *Service) RequestReset(ctx context.Context, tenantID tenant.ID, email string) (Mail, error) {
	var mail Mail
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		a, err := ByEmail(ctx, tx, tenantID, email)
		if fault.Is(err, fault.NotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := dropTokens(ctx, tx, a.ID, PurposeReset); err != nil {
			return err
		}
		token, err := s.issueToken(ctx, tx, a.ID, PurposeReset, "")
		if err != nil {
			return err
		}
		mail = Mail{Kind: MailReset, AccountID: a.ID, To: a.Email, Token: token}
		return s.audit(ctx, tx, event{tenantID: tenantID, actor: Actor(a.ID), action: "account.reset_request", object: idString(a.ID)})
	})
	return mail, err
}

// ResetPassword sets a new password with the token of a reset mail. It
// also lifts a login lock, confirms the address of an unverified account
// (the link proves access to the mailbox) and ends all sessions.
func (s *Service) ResetPassword(ctx context.Context, token, password string) error {
	if err := CheckPassword(password, ""); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(password)
	if err != nil {
		return err
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		id, _, err := s.consumeToken(ctx, tx, PurposeReset, token)
		if err != nil {
			return err
		}
		a, err := ByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := CheckPassword(password, a.Email); err != nil {
			return err
		}
		if err := s.setPassword(ctx, tx, a, hash); err != nil {
			return err
		}
		if err := s.unlock(ctx, tx, a); err != nil {
			return err
		}
		if _, err := endSessions(ctx, tx, a.TenantID, id); err != nil {
			return err
		}
		return s.audit(ctx, tx, event{tenantID: a.TenantID, actor: Actor(id), action: "account.reset", object: idString(id)})
	})
}

// setPassword stores hash and activates an unverified account.
func (s *Service) setPassword(ctx context.Context, tx *store.Tx, a Account, hash string) error {
	_, err := tx.ExecContext(ctx, `UPDATE account SET password_hash = $1,
		verified_at = COALESCE(verified_at, $2), state = CASE WHEN state = $3 THEN $4 ELSE state END
		WHERE id = $5 AND tenant_id = $6`, hash, s.clock(), StateUnverified, StateActive, a.ID, a.TenantID)
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	return nil
}

// RequestEmailChange asks to move accountID to newEmail: it returns the
// confirmation mail to the new address. A taken address gets the same
// answer and MailNone, so the form cannot probe for accounts.
func (s *Service) RequestEmailChange(ctx context.Context, accountID int64, newEmail string) (Mail, error) {
	email, err := NormalizeEmail(newEmail)
	if err != nil {
		return Mail{}, err
	}
	var mail Mail
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		a, err := ByID(ctx, tx, accountID)
		if err != nil {
			return err
		}
		if err := s.keepDemo(a); err != nil {
			return err
		}
		if _, err := ByEmail(ctx, tx, a.TenantID, email); err == nil {
			return nil
		}
		if err := dropTokens(ctx, tx, a.ID, PurposeEmailChange); err != nil {
			return err
		}
		token, err := s.issueToken(ctx, tx, a.ID, PurposeEmailChange, strings.TrimSpace(newEmail))
		mail = Mail{Kind: MailEmailChange, AccountID: a.ID, To: strings.TrimSpace(newEmail), Token: token}
		return err
	})
	return mail, err
}

// ConfirmEmailChange moves the account to the address the token was sent
// to and returns the notice for the old address.
func (s *Service) ConfirmEmailChange(ctx context.Context, token string) (Mail, error) {
	var mail Mail
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		id, newEmail, err := s.consumeToken(ctx, tx, PurposeEmailChange, token)
		if err != nil {
			return err
		}
		a, err := ByID(ctx, tx, id)
		if err != nil {
			return err
		}
		norm, err := NormalizeEmail(newEmail)
		if err != nil {
			return err
		}
		if _, err := ByEmail(ctx, tx, a.TenantID, norm); err == nil {
			return fault.New(fault.Conflict, "this e-mail address cannot be used")
		}
		_, err = tx.ExecContext(ctx, "UPDATE account SET email = $1, email_norm = $2 WHERE id = $3", newEmail, norm, id)
		if err != nil {
			return fmt.Errorf("change e-mail: %w", err)
		}
		mail = Mail{Kind: MailEmailChanged, AccountID: id, To: a.Email}
		return s.audit(ctx, tx, event{tenantID: a.TenantID, actor: Actor(id), action: "account.email_change", object: idString(id)})
	})
	return mail, err
}
