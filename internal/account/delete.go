package account

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Delete deletes accountID at its owner's request ("Konto löschen"): the
// personal data goes, a tombstone stays (see the package documentation for
// what stays with the authorities). It fails with Conflict while the
// account is the last admin of an organisation. actor is recorded.
func (s *Service) Delete(ctx context.Context, actor string, accountID int64) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		a, err := ByID(ctx, tx, accountID)
		if err != nil {
			return err
		}
		if a.State == StateDeleted {
			return nil
		}
		if err := s.keepDemo(a); err != nil {
			return err
		}
		return s.tombstone(ctx, tx, a, actor, "account.delete")
	})
}

// tombstone removes a's personal data, credentials, sessions, roles and
// links and leaves the row as a deleted tombstone; action is audited.
func (s *Service) tombstone(ctx context.Context, tx *store.Tx, a Account, actor, action string) error {
	if err := s.leaveOrganisations(ctx, tx, a.TenantID, a.ID); err != nil {
		return err
	}
	for _, q := range []string{
		"DELETE FROM account_session WHERE account_id = $1",
		"DELETE FROM account_token WHERE account_id = $1",
		"DELETE FROM account_totp WHERE account_id = $1",
		"DELETE FROM account_recovery_code WHERE account_id = $1",
		"DELETE FROM staff_role WHERE account_id = $1",
		"DELETE FROM account_identity WHERE account_id = $1",
	} {
		if _, err := tx.ExecContext(ctx, q, a.ID); err != nil {
			return fmt.Errorf("delete account data: %w", err)
		}
	}
	if err := s.unlock(ctx, tx, a); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE account SET state = $1, email = '', email_norm = NULL, name = '',
		password_hash = '', locked_until = NULL, verified_at = NULL, last_login_at = NULL, deleted_at = $2
		WHERE id = $3`, StateDeleted, s.clock(), a.ID)
	if err != nil {
		return fmt.Errorf("delete account: %w", err)
	}
	return s.audit(ctx, tx, event{tenantID: a.TenantID, actor: actor, action: action, object: idString(a.ID)})
}

// leaveOrganisations ends all memberships of accountID of tenantID,
// refusing when it is the last admin of one.
func (s *Service) leaveOrganisations(ctx context.Context, tx *store.Tx, tenantID tenant.ID, accountID int64) error {
	rows, err := tx.QueryContext(ctx, "SELECT org_id FROM org_member WHERE account_id = $1 AND admin = $2", accountID, true)
	if err != nil {
		return fmt.Errorf("list memberships: %w", err)
	}
	orgs, err := store.IDs(rows)
	if err != nil {
		return fmt.Errorf("list memberships: %w", err)
	}
	for _, org := range orgs {
		if _, err := s.lockOrg(ctx, tx, tenantID, org); err != nil {
			return err
		}
		if err := requireOtherAdmin(ctx, tx, org); err != nil {
			return err
		}
	}
	_, err = tx.ExecContext(ctx, "DELETE FROM org_member WHERE account_id = $1", accountID)
	return err
}
