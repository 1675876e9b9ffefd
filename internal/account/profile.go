package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Rename sets the display name of accountID in tenantID (profile page);
// NotFound if there is no such account.
func (s *Service) Rename(ctx context.Context, tenantID tenant.ID, accountID int64, name string) error {
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > 200 {
		return fault.Fields("invalid name", fault.FieldError{Field: "name", Key: "field.too_long", Text: "the name is too long"})
	}
	return s.db.Tx(ctx, func(tx *store.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE account SET name = $1 WHERE tenant_id = $2 AND id = $3", name, tenantID, accountID)
		if err != nil {
			return fmt.Errorf("rename account: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fault.New(fault.NotFound, "no such account")
		}
		return s.audit(ctx, tx, event{tenantID: tenantID, actor: Actor(accountID), action: "account.rename", object: idString(accountID)})
	})
}

// Membership is an organisation an account belongs to, and whether it is
// an admin there.
type Membership struct {
	Organisation
	Admin bool
}

// Organisations lists the organisations of tenantID accountID is a member
// of, by name.
func (s *Service) Organisations(ctx context.Context, tenantID tenant.ID, accountID int64) ([]Membership, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT o.id, o.tenant_id, o.name, m.admin FROM org_member m
		JOIN organisation o ON o.id = m.org_id WHERE o.tenant_id = $1 AND m.account_id = $2 ORDER BY o.name, o.id`,
		tenantID, accountID)
	if err != nil {
		return nil, fmt.Errorf("list organisations: %w", err)
	}
	return store.Collect(rows, nil, func(row store.Row) (Membership, error) {
		var m Membership
		err := row.Scan(&m.ID, &m.TenantID, &m.Name, &m.Admin)
		return m, err
	})
}

// MemberAccount is a member with the account's name and address, for the
// organisation's members page.
type MemberAccount struct {
	Member
	Email string
	Name  string
}

// MemberAccounts lists the members of orgID in tenantID with name and
// address; only a member of orgID (memberID) may see it, others get
// NotFound.
func (s *Service) MemberAccounts(ctx context.Context, tenantID tenant.ID, memberID, orgID int64) ([]MemberAccount, error) {
	if ok, err := s.CanActFor(ctx, tenantID, memberID, orgID); err != nil || !ok {
		return nil, firstErr(err, fault.New(fault.NotFound, "no such organisation"))
	}
	rows, err := s.db.QueryContext(ctx, `SELECT m.account_id, m.admin, a.email, a.name FROM org_member m
		JOIN account a ON a.id = m.account_id WHERE a.tenant_id = $1 AND m.org_id = $2 ORDER BY a.email, a.id`,
		tenantID, orgID)
	if err != nil {
		return nil, fmt.Errorf("list members: %w", err)
	}
	return store.Collect(rows, nil, func(row store.Row) (MemberAccount, error) {
		var m MemberAccount
		err := row.Scan(&m.AccountID, &m.Admin, &m.Email, &m.Name)
		return m, err
	})
}

// AddMemberByEmail adds the live citizen or business account of tenantID
// with email to orgID (actorID must be an admin). An address without such an account
// changes nothing and is no error, so the answer does not tell which
// addresses have accounts.
func (s *Service) AddMemberByEmail(ctx context.Context, tenantID tenant.ID, actorID, orgID int64, email string, admin bool) error {
	o, err := s.organisation(ctx, tenantID, orgID)
	if err != nil {
		return err
	}
	a, err := ByEmail(ctx, s.db, o.TenantID, email)
	if fault.Is(err, fault.NotFound) || (err == nil && (a.Kind == KindStaff || a.State != StateActive)) {
		return requireAdmin(ctx, s.db, orgID, actorID)
	}
	if err != nil {
		return err
	}
	err = s.AddMember(ctx, tenantID, actorID, orgID, a.ID, admin)
	if fault.Is(err, fault.Conflict) {
		return nil // already a member
	}
	return err
}

// organisation reads orgID of tenantID.
func (s *Service) organisation(ctx context.Context, tenantID tenant.ID, orgID int64) (Organisation, error) {
	var o Organisation
	err := s.db.QueryRowContext(ctx, "SELECT id, tenant_id, name FROM organisation WHERE tenant_id = $1 AND id = $2",
		tenantID, orgID).Scan(&o.ID, &o.TenantID, &o.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return o, fault.New(fault.NotFound, "no such organisation")
	}
	return o, err
}
