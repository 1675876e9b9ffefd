package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// ErrLastAdmin refuses to leave an organisation without an admin.
var ErrLastAdmin = fault.New(fault.Conflict, "the organisation needs at least one other admin first")

// AddMember adds accountID to orgID of tenantID; actorID must be an admin
// of it.
func (s *Service) AddMember(ctx context.Context, tenantID tenant.ID, actorID, orgID, accountID int64, admin bool) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		o, err := s.lockOrg(ctx, tx, tenantID, orgID)
		if err != nil {
			return err
		}
		if err := requireAdmin(ctx, tx, orgID, actorID); err != nil {
			return err
		}
		a, err := s.memberCandidate(ctx, tx, accountID)
		if err != nil {
			return err
		}
		if a.TenantID != o.TenantID {
			return fault.New(fault.NotFound, "no such account")
		}
		if err := s.insertMember(ctx, tx, orgID, accountID, admin); err != nil {
			return err
		}
		return s.orgAudit(ctx, tx, o.TenantID, actorID, "org.member_add", orgID, accountID)
	})
}

// SetAdmin grants or withdraws the admin right of accountID in orgID of
// tenantID; actorID must be an admin. The last admin cannot be demoted.
func (s *Service) SetAdmin(ctx context.Context, tenantID tenant.ID, actorID, orgID, accountID int64, admin bool) error {
	return s.changeMember(ctx, tenantID, actorID, orgID, accountID, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE org_member SET admin = $1 WHERE org_id = $2 AND account_id = $3", admin, orgID, accountID)
		return err
	}, !admin, "org.member_admin")
}

// RemoveMember removes accountID from orgID of tenantID. Members may leave
// themselves (actorID == accountID); removing others needs an admin. The
// last admin can neither leave nor be removed.
func (s *Service) RemoveMember(ctx context.Context, tenantID tenant.ID, actorID, orgID, accountID int64) error {
	return s.changeMember(ctx, tenantID, actorID, orgID, accountID, func(tx *store.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM org_member WHERE org_id = $1 AND account_id = $2", orgID, accountID)
		return err
	}, true, "org.member_remove")
}

// changeMember applies change to a membership under the organisation's lock
// after the permission check and, if it takes away an admin right
// (losesAdmin), the last-admin check.
func (s *Service) changeMember(ctx context.Context, tenantID tenant.ID, actorID, orgID, accountID int64, change func(*store.Tx) error, losesAdmin bool, action string) error {
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		o, err := s.lockOrg(ctx, tx, tenantID, orgID)
		if err != nil {
			return err
		}
		if actorID != accountID || action != "org.member_remove" {
			if err := requireAdmin(ctx, tx, orgID, actorID); err != nil {
				return err
			}
		}
		m, err := membership(ctx, tx, orgID, accountID)
		if err != nil {
			return err
		}
		if m.Admin && losesAdmin {
			if err := requireOtherAdmin(ctx, tx, orgID); err != nil {
				return err
			}
		}
		if err := change(tx); err != nil {
			return fmt.Errorf("change membership: %w", err)
		}
		return s.orgAudit(ctx, tx, o.TenantID, actorID, action, orgID, accountID)
	})
}

// lockOrg reads the organisation orgID of tenantID and, on PostgreSQL,
// locks its row so that concurrent membership changes cannot both remove
// "the other" admin. (SQLite has a single writer already.)
func (s *Service) lockOrg(ctx context.Context, tx *store.Tx, tenantID tenant.ID, orgID int64) (Organisation, error) {
	q := "SELECT id, tenant_id, name FROM organisation WHERE tenant_id = $1 AND id = $2" + tx.ForUpdate()
	var o Organisation
	err := tx.QueryRowContext(ctx, q, tenantID, orgID).Scan(&o.ID, &o.TenantID, &o.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return o, fault.New(fault.NotFound, "no such organisation")
	}
	return o, err
}

func membership(ctx context.Context, q store.Querier, orgID, accountID int64) (Member, error) {
	m := Member{AccountID: accountID}
	err := q.QueryRowContext(ctx, "SELECT admin FROM org_member WHERE org_id = $1 AND account_id = $2", orgID, accountID).Scan(&m.Admin)
	if errors.Is(err, sql.ErrNoRows) {
		return m, fault.New(fault.NotFound, "not a member of this organisation")
	}
	return m, err
}

func requireAdmin(ctx context.Context, q store.Querier, orgID, accountID int64) error {
	m, err := membership(ctx, q, orgID, accountID)
	if fault.Is(err, fault.NotFound) || (err == nil && !m.Admin) {
		return fault.New(fault.Forbidden, "only an admin of the organisation may do this")
	}
	return err
}

func requireOtherAdmin(ctx context.Context, q store.Querier, orgID int64) error {
	var n int
	if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_member WHERE org_id = $1 AND admin = $2", orgID, true).Scan(&n); err != nil {
		return fmt.Errorf("count admins: %w", err)
	}
	if n < 2 {
		return ErrLastAdmin
	}
	return nil
}
