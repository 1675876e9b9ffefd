package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// ExternalLogin is a login confirmed by an external identity provider
// (OpenID Connect, e.g. an eID service): who the provider says it is and
// the assurance level it reached.
type ExternalLogin struct {
	TenantID      tenant.ID
	Issuer        string
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
	// CurrentAccountID is the account of the browser's live session, 0 for
	// none: an identity not linked yet is linked to it (step-up).
	CurrentAccountID int64
}

// MethodExternal is the session method of a login through an external
// provider.
const MethodExternal = "oidc"

// Linking says what a new external login did with an account found by
// its address, for the page that tells the person.
type Linking string

// The linkings worth telling.
const (
	// LinkedNew: the identity was linked or found as usual.
	LinkedNew Linking = ""
	// DiscardedUnverified: an account with the provider's address had
	// never been confirmed (anyone can sign up with any address), so it
	// was discarded with its password and a new account made for the
	// person the provider vouches for (account pre-hijacking).
	DiscardedUnverified Linking = "discarded_unverified"
	// StaffNotLinked: the address belongs to a staff account, which is
	// never reached through a citizen identity provider; a separate
	// citizen account without the address was made.
	StaffNotLinked Linking = "staff_not_linked"
)

// ErrStaffExternal refuses an external login linked to a staff account
// (only possible through a link made before staff were excluded): staff
// log in with password and their own second factor.
var ErrStaffExternal = fault.New(fault.Forbidden, "staff accounts log in with password and second factor")

// LoginExternal returns the account an external login belongs to and
// records the link (issuer, subject) → account, so later logins find it
// even after the address changed. The account is, in this order: the one
// already linked to the identity; the citizen or business account of the
// current session; the live, confirmed citizen or business account with
// the provider's address if the provider verified it; else a new, active
// citizen account. Deleted accounts are never reused, staff accounts
// never linked, and an unconfirmed account with the address is discarded,
// never adopted: its password, name and kind were chosen by whoever
// signed up, not necessarily the owner of the address.
//
// The first logins of one identity can race (two tabs, a double click):
// both find no link and both create one, and the loser's transaction ends
// in a unique violation. It is then run once more and finds the winner's
// link, so both log in to the same account.
func (s *Service) LoginExternal(ctx context.Context, in ExternalLogin) (Account, Linking, error) {
	if in.Issuer == "" || in.Subject == "" {
		return Account{}, LinkedNew, fault.New(fault.Invalid, "the identity provider named no subject")
	}
	a, how, err := s.loginExternal(ctx, in)
	if fault.Is(err, fault.Conflict) {
		a, how, err = s.loginExternal(ctx, in)
	}
	return a, how, err
}

// loginExternal is one attempt of LoginExternal in one transaction.
func (s *Service) loginExternal(ctx context.Context, in ExternalLogin) (Account, Linking, error) {
	var a Account
	var how Linking
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		var err error
		a, how, err = s.externalAccount(ctx, tx, in)
		if err != nil {
			return err
		}
		if a.State == StateDeleted {
			return fault.New(fault.Forbidden, "this account has been deleted")
		}
		if a.Kind == KindStaff {
			return ErrStaffExternal
		}
		_, err = tx.ExecContext(ctx, "UPDATE account SET last_login_at = $1 WHERE id = $2", s.clock(), a.ID)
		if err != nil {
			return fmt.Errorf("record login: %w", err)
		}
		return s.audit(ctx, tx, event{tenantID: in.TenantID, actor: Actor(a.ID), action: "account.login_external",
			object: idString(a.ID), details: map[string]any{"issuer": in.Issuer}})
	})
	return a, how, err
}

// externalAccount finds or creates the account of in and stores the link.
func (s *Service) externalAccount(ctx context.Context, tx *store.Tx, in ExternalLogin) (Account, Linking, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT account_id FROM account_identity
		WHERE tenant_id = $1 AND issuer = $2 AND subject = $3`, in.TenantID, in.Issuer, in.Subject).Scan(&id)
	if err == nil {
		a, err := ByID(ctx, tx, id)
		return a, LinkedNew, err
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return Account{}, LinkedNew, fmt.Errorf("read identity: %w", err)
	}
	a, how, err := s.externalTarget(ctx, tx, in)
	if err != nil {
		return a, how, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO account_identity (tenant_id, issuer, subject, account_id, created_at)
		VALUES ($1, $2, $3, $4, $5)`, in.TenantID, in.Issuer, in.Subject, a.ID, s.clock())
	if err != nil {
		return a, how, fmt.Errorf("link identity: %w", err)
	}
	return a, how, s.audit(ctx, tx, event{tenantID: in.TenantID, actor: Actor(a.ID), action: "account.link_identity",
		object: idString(a.ID), details: map[string]any{"issuer": in.Issuer}})
}

// externalTarget picks the account a new identity is linked to.
func (s *Service) externalTarget(ctx context.Context, tx *store.Tx, in ExternalLogin) (Account, Linking, error) {
	if in.CurrentAccountID != 0 {
		a, err := ByID(ctx, tx, in.CurrentAccountID)
		if err != nil || a.Kind != KindStaff {
			return a, LinkedNew, err
		}
		// A staff session is no reason to link: the identity goes to
		// the citizen side as if no one were logged in.
	}
	email, err := NormalizeEmail(in.Email)
	if err != nil || !in.EmailVerified {
		a, err := s.insertExternal(ctx, tx, in, "")
		return a, LinkedNew, err
	}
	a, err := ByEmail(ctx, tx, in.TenantID, email)
	switch {
	case fault.Is(err, fault.NotFound):
		a, err = s.insertExternal(ctx, tx, in, email)
		return a, LinkedNew, err
	case err != nil:
		return a, LinkedNew, err
	case a.Kind == KindStaff:
		a, err = s.insertExternal(ctx, tx, in, "")
		return a, StaffNotLinked, err
	case a.State == StateUnverified:
		if err := s.tombstone(ctx, tx, a, Actor(a.ID), "account.discard_unverified"); err != nil {
			return a, LinkedNew, err
		}
		a, err = s.insertExternal(ctx, tx, in, email)
		return a, DiscardedUnverified, err
	}
	return a, LinkedNew, nil
}

// insertExternal creates an active citizen account without a password for
// in; email (normalised, verified) may be empty.
func (s *Service) insertExternal(ctx context.Context, tx *store.Tx, in ExternalLogin, email string) (Account, error) {
	now := s.clock()
	a := Account{TenantID: in.TenantID, Kind: KindCitizen, State: StateActive, Name: strings.TrimSpace(in.Name),
		CreatedAt: now, VerifiedAt: now}
	var norm any
	if email != "" {
		a.Email, norm = strings.TrimSpace(in.Email), email
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO account (tenant_id, kind, state, email, email_norm, name,
		password_hash, created_at, verified_at) VALUES ($1, $2, $3, $4, $5, $6, '', $7, $8) RETURNING id`,
		a.TenantID, a.Kind, a.State, a.Email, norm, a.Name, now, now).Scan(&a.ID)
	if err != nil {
		return a, fmt.Errorf("create account: %w", err)
	}
	return a, s.audit(ctx, tx, event{tenantID: in.TenantID, actor: Actor(a.ID), action: "account.signup",
		object: idString(a.ID), details: map[string]any{"kind": string(a.Kind), "via": "oidc"}})
}

// Upgrade raises the session of token to level after a stronger login of
// the same account (step-up) and returns its new cookie value: the
// session keeps its id, so what the browser was doing (a draft) goes on.
// A session of another account or tenant (tenantID is the host's), or a
// weaker level, is Unauthorized.
func (s *Service) Upgrade(ctx context.Context, token string, tenantID tenant.ID, accountID int64, level Level, method string) (string, error) {
	var plain string
	err := s.db.Tx(ctx, func(tx *store.Tx) error {
		ss, err := s.liveSession(ctx, tx, token)
		if err != nil {
			return err
		}
		if ss.AccountID != accountID || ss.TenantID != tenantID || level < ss.Level {
			return ErrNoSession
		}
		_, err = tx.ExecContext(ctx, "UPDATE account_session SET level = $1, method = $2 WHERE tenant_id = $3 AND id = $4",
			level.String(), method, tenantID, ss.ID)
		if err != nil {
			return fmt.Errorf("upgrade session: %w", err)
		}
		stage := ss.Stage
		if level >= LevelSubstantial { // an eID login needs no second factor (see StartSession)
			stage = StageComplete
		}
		if plain, err = s.rotate(ctx, tx, ss, stage); err != nil {
			return err
		}
		return s.audit(ctx, tx, event{tenantID: ss.TenantID, actor: Actor(accountID), action: "session.upgrade",
			object: idString(accountID), details: map[string]any{"session": ss.ID, "level": level.String(), "method": method}})
	})
	return plain, err
}
