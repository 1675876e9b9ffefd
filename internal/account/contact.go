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

// Contact is the read model of an account that other capabilities need to
// name and address its holder (casework's applicant, the notification
// e-mails), instead of reading the account table.
type Contact struct {
	Name   string
	Email  string
	Lang   string // the account's language ("de", "en")
	Kind   Kind
	State  State // as stored: unverified, active or deleted
	Active bool  // only an active account is written to
}

// ContactOf returns the contact of account id of tenantID through q;
// fault.NotFound when the tenant has no such account.
func ContactOf(ctx context.Context, q store.Querier, tenantID tenant.ID, id int64) (Contact, error) {
	var c Contact
	err := q.QueryRowContext(ctx, `SELECT name, email, lang, kind, state FROM account WHERE id = $1 AND tenant_id = $2`, id, tenantID).
		Scan(&c.Name, &c.Email, &c.Lang, &c.Kind, &c.State)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fault.New(fault.NotFound, "no such account")
	}
	if err != nil {
		return c, fmt.Errorf("account: contact %d: %w", id, err)
	}
	c.Active = c.State == StateActive
	return c, nil
}
