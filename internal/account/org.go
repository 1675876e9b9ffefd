package account

import (
	"context"
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Organisation is a business (Unternehmen/Organisation) behind a business
// account: its members act for it; its admins manage the members. There is
// always at least one admin.
type Organisation struct {
	ID       int64
	TenantID tenant.ID
	Name     string
}

// Member is one account's membership (Mitgliedschaft) in an organisation.
type Member struct {
	AccountID int64
	Admin     bool
}

// CreateOrganisation creates an organisation with the account adminID as
// its first admin.
func (s *Service) CreateOrganisation(ctx context.Context, adminID int64, name string) (Organisation, error) {
	o := Organisation{Name: strings.TrimSpace(name)}
	if o.Name == "" {
		return o, fault.Fields("invalid organisation", fault.FieldError{Field: "name", Key: "field.required", Text: "name is required"})
	}
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		a, err := s.memberCandidate(ctx, tx, adminID)
		if err != nil {
			return err
		}
		o.TenantID = a.TenantID
		err = tx.QueryRowContext(ctx, "INSERT INTO organisation (tenant_id, name, created_at) VALUES ($1, $2, $3) RETURNING id",
			o.TenantID, o.Name, s.clock()).Scan(&o.ID)
		if err != nil {
			return fmt.Errorf("create organisation: %w", err)
		}
		if err := s.insertMember(ctx, tx, o.ID, adminID, true); err != nil {
			return err
		}
		return s.orgAudit(ctx, tx, o.TenantID, adminID, "org.create", o.ID, adminID)
	})
	return o, err
}

// memberCandidate returns accountID if it may join organisations: a live,
// non-staff account.
func (s *Service) memberCandidate(ctx context.Context, q store.Querier, accountID int64) (Account, error) {
	a, err := ByID(ctx, q, accountID)
	if err != nil {
		return a, err
	}
	if a.State == StateDeleted || a.Kind == KindStaff {
		return a, fault.New(fault.Invalid, "this account cannot act for an organisation")
	}
	return a, nil
}

func (s *Service) insertMember(ctx context.Context, tx *store.Tx, orgID, accountID int64, admin bool) error {
	_, err := tx.ExecContext(ctx, "INSERT INTO org_member (org_id, account_id, admin, created_at) VALUES ($1, $2, $3, $4)",
		orgID, accountID, admin, s.clock())
	if err != nil {
		return fault.Wrap(err, fault.Conflict, "already a member")
	}
	return nil
}

func (s *Service) orgAudit(ctx context.Context, tx *store.Tx, tenantID tenant.ID, actorID int64, action string, orgID, memberID int64) error {
	return s.audit(ctx, tx, event{tenantID: tenantID, actor: Actor(actorID), action: action,
		object: idString(memberID), details: map[string]any{"org": orgID}})
}

// CanActFor reports whether accountID of tenantID is a member of orgID and
// so may act for it (submit applications, read its mailbox).
func (s *Service) CanActFor(ctx context.Context, tenantID tenant.ID, accountID, orgID int64) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM org_member m JOIN account a ON a.id = m.account_id
		WHERE a.tenant_id = $1 AND m.org_id = $2 AND m.account_id = $3 AND a.state = $4`,
		tenantID, orgID, accountID, StateActive).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("check membership: %w", err)
	}
	return n > 0, nil
}

// Members lists the members of orgID by account id.
func (s *Service) Members(ctx context.Context, orgID int64) ([]Member, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT account_id, admin FROM org_member WHERE org_id = $1 ORDER BY account_id", orgID)
	if err != nil {
		return nil, fmt.Errorf("list members: %w", err)
	}
	return store.Collect(rows, nil, func(row store.Row) (Member, error) {
		var m Member
		err := row.Scan(&m.AccountID, &m.Admin)
		return m, err
	})
}
