package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Kind says whose account (Kontoart) it is.
type Kind string

// The kinds of account.
const (
	KindCitizen  Kind = "citizen"  // Bürgerkonto: a natural person
	KindBusiness Kind = "business" // Unternehmenskonto: a person acting for organisations
	KindStaff    Kind = "staff"    // Beschäftigte einer Behörde
)

// State is the life-cycle state (Kontostatus) of an account.
type State string

// The states. Locked is never stored: an account is locked while its
// LockedUntil lies in the future, so every lock ends by itself.
const (
	StateUnverified State = "unverified" // e-mail address not yet confirmed
	StateActive     State = "active"
	StateLocked     State = "locked"  // temporarily (gesperrt)
	StateDeleted    State = "deleted" // tombstone without personal data
)

// Account is one login (Konto) within a tenant.
type Account struct {
	ID          int64
	TenantID    tenant.ID
	Kind        Kind
	State       State // as stored: unverified, active or deleted
	Email       string
	Name        string
	LockedUntil time.Time // zero when not locked
	CreatedAt   time.Time
	VerifiedAt  time.Time
	LastLoginAt time.Time
	// SecondFactor is true when a TOTP second factor is confirmed.
	SecondFactor bool
	// Demo marks a demo staff account (Demo-Zugang) that `serve --demo`
	// seeded (SeedDemoStaff); see Config.DemoWaiver.
	Demo         bool
	passwordHash string
}

// StateAt returns the effective state at now: Locked while a lock runs.
func (a Account) StateAt(now time.Time) State {
	if a.State != StateDeleted && now.Before(a.LockedUntil) {
		return StateLocked
	}
	return a.State
}

// NormalizeEmail returns the form in which addresses are compared and kept
// unique per tenant: trimmed, NFC, lower case. It fails with Invalid for
// anything that is not a plain addr-spec.
func NormalizeEmail(email string) (string, error) {
	e := strings.ToLower(norm.NFC.String(strings.TrimSpace(email)))
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || len(e) > 254 || !strings.Contains(e[strings.LastIndexByte(e, '@'):], ".") {
		return "", fault.Fields("invalid e-mail address", fault.FieldError{Field: "email",
			Key: "email.invalid", Text: "please enter a valid e-mail address"})
	}
	return e, nil
}

const accountCols = `a.id, a.tenant_id, a.kind, a.state, a.email, a.name, a.password_hash,
	a.locked_until, a.created_at, a.verified_at, a.last_login_at, a.demo,
	EXISTS (SELECT 1 FROM account_totp t WHERE t.account_id = a.id AND t.confirmed_at IS NOT NULL)`

type scanner = store.Row

func scanAccount(s scanner) (Account, error) {
	var a Account
	var locked, verified, last sql.NullTime
	err := s.Scan(&a.ID, &a.TenantID, &a.Kind, &a.State, &a.Email, &a.Name, &a.passwordHash,
		&locked, &a.CreatedAt, &verified, &last, &a.Demo, &a.SecondFactor)
	a.LockedUntil, a.VerifiedAt, a.LastLoginAt = locked.Time, verified.Time, last.Time
	return a, err
}

// ByID returns the account with id, NotFound if there is none.
func ByID(ctx context.Context, q store.Querier, id int64) (Account, error) {
	row := q.QueryRowContext(ctx, "SELECT "+accountCols+" FROM account a WHERE a.id = $1", id)
	a, err := scanAccount(row)
	if errors.Is(err, sql.ErrNoRows) {
		return a, fault.New(fault.NotFound, "no such account")
	}
	if err != nil {
		return a, fmt.Errorf("read account %d: %w", id, err)
	}
	return a, nil
}

// ByEmail returns the live (not deleted) account of tenantID with email,
// NotFound if there is none.
func ByEmail(ctx context.Context, q store.Querier, tenantID tenant.ID, email string) (Account, error) {
	e, err := NormalizeEmail(email)
	if err != nil {
		return Account{}, fault.New(fault.NotFound, "no such account")
	}
	row := q.QueryRowContext(ctx, "SELECT "+accountCols+
		" FROM account a WHERE a.tenant_id = $1 AND a.email_norm = $2", tenantID, e)
	a, err := scanAccount(row)
	if errors.Is(err, sql.ErrNoRows) {
		return a, fault.New(fault.NotFound, "no such account")
	}
	if err != nil {
		return a, fmt.Errorf("read account by e-mail: %w", err)
	}
	return a, nil
}

// insertAccount stores a new account and returns its id; a taken e-mail
// address is a Conflict.
func insertAccount(ctx context.Context, tx *store.Tx, a Account, emailNorm string) (int64, error) {
	var taken int
	err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM account WHERE tenant_id = $1 AND email_norm = $2",
		a.TenantID, emailNorm).Scan(&taken)
	if err != nil {
		return 0, fmt.Errorf("check e-mail: %w", err)
	}
	if taken > 0 {
		return 0, fault.New(fault.Conflict, "an account with this e-mail address exists already")
	}
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO account (tenant_id, kind, state, email, email_norm, name,
		password_hash, created_at, verified_at, demo) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		a.TenantID, a.Kind, a.State, a.Email, emailNorm, a.Name, a.passwordHash, a.CreatedAt, nullTime(a.VerifiedAt), a.Demo).Scan(&id)
	if store.IsViolation(err) {
		return 0, fault.Wrap(err, fault.Conflict, "an account with this e-mail address exists already")
	}
	if err != nil {
		return 0, fmt.Errorf("insert account: %w", err)
	}
	return id, nil
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}
