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

// Role is a staff member's role (Rolle) at an authority.
type Role string

// The staff roles.
const (
	RoleCaseWorker     Role = "case_worker"     // Sachbearbeitung: works the authority's inbox
	RoleHeadOfUnit     Role = "head_of_unit"    // Leitung: sees all cases, reassigns, statistics
	RoleAuthorityAdmin Role = "authority_admin" // Behördenadministration: staff and settings of one authority
	RoleTenantAdmin    Role = "tenant_admin"    // Mandantenadministration: catalog, authorities, staff of the tenant
)

// ParseRole reads a role name as stored.
func ParseRole(s string) (Role, error) {
	switch r := Role(strings.TrimSpace(s)); r {
	case RoleCaseWorker, RoleHeadOfUnit, RoleAuthorityAdmin, RoleTenantAdmin:
		return r, nil
	}
	return "", fault.New(fault.Invalid, "unknown role %q", s)
}

// StaffRole grants Role at the authority AuthorityID (the catalog's
// authority id). A tenant admin's role holds for the whole tenant and has
// AuthorityID 0.
type StaffRole struct {
	AuthorityID int64
	Role        Role
}

// NewStaff describes a staff account to create (CLI `amtsweg user create
// --staff`, or the tenant admin's back office).
type NewStaff struct {
	TenantID tenant.ID
	Email    string
	Name     string
	// Password may be empty: then the returned Mail carries a password
	// set-up link (a reset token).
	Password string
	Roles    []StaffRole
}

// CreateStaff creates an active staff account with its roles, using the
// default configuration and the system clock; actor is recorded in the
// audit log. The staff member must set up a second factor at first login.
func CreateStaff(ctx context.Context, db *store.DB, actor string, in NewStaff) (Account, Mail, error) {
	s, err := New(db, DefaultConfig(), time.Now)
	if err != nil {
		return Account{}, Mail{}, err
	}
	return s.CreateStaff(ctx, actor, in)
}

// CreateStaff is the method form of the package function CreateStaff.
func (s *Service) CreateStaff(ctx context.Context, actor string, in NewStaff) (Account, Mail, error) {
	email, err := NormalizeEmail(in.Email)
	if err != nil {
		return Account{}, Mail{}, err
	}
	if err := validateRoles(in.Roles); err != nil {
		return Account{}, Mail{}, err
	}
	hash := ""
	if in.Password != "" {
		if err := CheckPassword(in.Password, email); err != nil {
			return Account{}, Mail{}, err
		}
		if hash, err = s.hasher.Hash(in.Password); err != nil {
			return Account{}, Mail{}, err
		}
	}
	return s.createStaff(ctx, actor, in, email, hash, false)
}

// createStaff stores the staff account in with its checked e-mail address
// and password hash ("" sends a set-up link); demo marks a demo account.
func (s *Service) createStaff(ctx context.Context, actor string, in NewStaff, email, hash string, demo bool) (Account, Mail, error) {
	var a Account
	var mail Mail
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		now := s.clock()
		id, err := insertAccount(ctx, tx, Account{TenantID: in.TenantID, Kind: KindStaff, State: StateActive,
			Email: strings.TrimSpace(in.Email), Name: strings.TrimSpace(in.Name), passwordHash: hash,
			CreatedAt: now, VerifiedAt: now, Demo: demo}, email)
		if err != nil {
			return err
		}
		if err := insertRoles(ctx, tx, id, in.Roles); err != nil {
			return err
		}
		if hash == "" {
			token, err := s.issueToken(ctx, tx, id, PurposeReset, "")
			if err != nil {
				return err
			}
			mail = Mail{Kind: MailReset, AccountID: id, To: strings.TrimSpace(in.Email), Token: token}
		}
		if a, err = ByID(ctx, tx, id); err != nil {
			return err
		}
		details := map[string]any{"roles": rolesDetail(in.Roles)}
		if demo {
			details["demo"] = true
		}
		return s.audit(ctx, tx, event{tenantID: in.TenantID, actor: actor, action: "account.create_staff",
			object: idString(id), details: details})
	})
	return a, mail, err
}

func validateRoles(roles []StaffRole) error {
	if len(roles) == 0 {
		return fault.Fields("invalid staff account", fault.FieldError{Field: "roles", Key: "field.required", Text: "at least one role is required"})
	}
	for _, r := range roles {
		if _, err := ParseRole(string(r.Role)); err != nil {
			return err
		}
		if (r.Role == RoleTenantAdmin) != (r.AuthorityID == 0) {
			return fault.New(fault.Invalid, "a tenant admin has no authority; every other role needs one")
		}
	}
	return nil
}

func insertRoles(ctx context.Context, tx *store.Tx, accountID int64, roles []StaffRole) error {
	for _, r := range roles {
		_, err := tx.ExecContext(ctx, `INSERT INTO staff_role (account_id, authority_id, role) VALUES ($1, $2, $3)
			ON CONFLICT DO NOTHING`, accountID, r.AuthorityID, r.Role)
		if err != nil {
			return fmt.Errorf("store role: %w", err)
		}
	}
	return nil
}

func rolesDetail(roles []StaffRole) []string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = fmt.Sprintf("%s@%d", r.Role, r.AuthorityID)
	}
	return out
}

// StaffRoles lists the roles of accountID, by authority then role.
func StaffRoles(ctx context.Context, q store.Querier, accountID int64) ([]StaffRole, error) {
	rows, err := q.QueryContext(ctx, "SELECT authority_id, role FROM staff_role WHERE account_id = $1 ORDER BY authority_id, role", accountID)
	if err != nil {
		return nil, fmt.Errorf("list roles: %w", err)
	}
	return store.Collect(rows, nil, func(row store.Row) (StaffRole, error) {
		var r StaffRole
		err := row.Scan(&r.AuthorityID, &r.Role)
		return r, err
	})
}

// HasRole reports whether accountID holds role at authorityID; a tenant
// admin holds every role everywhere in the tenant.
func HasRole(ctx context.Context, q store.Querier, accountID, authorityID int64, role Role) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM staff_role WHERE account_id = $1
		AND ((authority_id = $2 AND role = $3) OR role = $4)`, accountID, authorityID, role, RoleTenantAdmin).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("check role: %w", err)
	}
	return n > 0, nil
}
