package mailbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	netmail "net/mail"
	"strconv"
	"strings"

	"github.com/amtsweg/amtsweg/internal/bearer"
	"github.com/amtsweg/amtsweg/internal/mail"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Reader is who opens a mailbox: an account acting for itself (OrgID 0)
// or for an organisation at its login's assurance level, or a guest
// holding the mailbox secret.
type Reader struct {
	TenantID  tenant.ID
	AccountID int64
	OrgID     int64
	// Level is the assurance level (Vertrauensniveau) of the account's
	// login: a thread, its files and notices need the level the
	// application's procedure required (apply's ReadLevel).
	Level  account.Level
	Secret string // the guest's mailbox secret; ignored for accounts
}

// AccountReader is the reader for a logged-in account acting for itself
// (orgID 0) or for an organisation it is a member of, at the lowest login
// level; At sets the level of a stronger login.
func AccountReader(tenantID tenant.ID, accountID, orgID int64) Reader {
	return Reader{TenantID: tenantID, AccountID: accountID, OrgID: orgID, Level: account.LevelLow}
}

// At is r with the assurance level of the account's login.
func (r Reader) At(level account.Level) Reader {
	r.Level = level
	return r
}

// GuestReader is the reader for a guest with the mailbox secret.
func GuestReader(tenantID tenant.ID, secret string) Reader {
	return Reader{TenantID: tenantID, Secret: secret}
}

// Guest reports whether r is a guest.
func (r Reader) Guest() bool { return r.AccountID == 0 }

// actor is how r appears in the audit log.
func (r Reader) actor(applicationID int64) string {
	if r.Guest() {
		return "guest:" + strconv.FormatInt(applicationID, 10)
	}
	return "account:" + strconv.FormatInt(r.AccountID, 10)
}

// access returns the submitted application id if r may read its mailbox;
// a login below the procedure's assurance level is apply's LevelError
// (fault.Unauthorized), anything else is fault.NotFound.
func (s *Service) access(ctx context.Context, r Reader, id int64) (apply.Application, error) {
	if r.Guest() {
		gid, err := s.GuestApplication(ctx, r.TenantID, r.Secret)
		if err != nil || gid != id {
			return apply.Application{}, notFound()
		}
		return s.apps.SubmittedApp(ctx, r.TenantID, id)
	}
	a, err := s.apps.Get(ctx, id, apply.AccountOwner(r.AccountID, r.OrgID).At(r.Level))
	if fault.CodeOf(err) == fault.Unauthorized {
		return apply.Application{}, err // below the procedure's assurance level: a stronger login helps
	}
	if err != nil || a.Status != apply.Submitted || a.TenantID != r.TenantID {
		return apply.Application{}, notFound()
	}
	return a, nil
}

func notFound() error { return fault.New(fault.NotFound, "no such mailbox") }

func applicantOf(a apply.Application) casework.Applicant {
	return casework.Applicant{TenantID: a.TenantID, ApplicationID: a.ID}
}

// GuestApplication returns the application the guest's mailbox secret
// leads to; an unknown secret is fault.NotFound.
func (s *Service) GuestApplication(ctx context.Context, tenantID tenant.ID, secret string) (int64, error) {
	if secret == "" {
		return 0, notFound()
	}
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT application_id FROM mailbox_guest WHERE secret_hash = $1 AND tenant_id = $2`,
		bearer.Hash(secret), tenantID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFound()
	}
	if err != nil {
		return 0, fmt.Errorf("mailbox: guest secret: %w", err)
	}
	return id, nil
}

// GuestLink creates the guest's mailbox secret for their submitted
// application (replacing an earlier one, which stops working) and stores
// the optional notification address (Benachrichtigungsadresse). owner
// must be the guest holding apply's resume secret; accounts need no link
// (Conflict). The secret is returned once and only its hash is kept.
//
// lang is the language of the page the link was made on (de or en); the
// notification e-mails are written in it.
func (s *Service) GuestLink(ctx context.Context, id int64, owner apply.Owner, email string, lang mail.Lang) (string, error) {
	if !owner.Guest() {
		return "", fault.New(fault.Conflict, "accounts read their mailbox after logging in")
	}
	email = strings.TrimSpace(email)
	if email != "" {
		if _, err := netmail.ParseAddress(email); err != nil || strings.ContainsAny(email, "<>") {
			return "", fault.Fields("invalid address", fault.FieldError{Field: "email", Key: "email.invalid",
				Text: "please enter a valid e-mail address"})
		}
	}
	a, err := s.apps.Get(ctx, id, owner)
	if err != nil || a.Status != apply.Submitted {
		return "", notFound()
	}
	secret, hash := bearer.New()
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM mailbox_guest WHERE application_id = $1 AND tenant_id = $2`, id, a.TenantID); err != nil {
			return fmt.Errorf("mailbox: replace guest link: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO mailbox_guest (application_id, tenant_id, secret_hash, notify_email,
			lang, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, id, a.TenantID, hash, email, string(lang.Normal()), s.now()); err != nil {
			return fmt.Errorf("mailbox: guest link: %w", err)
		}
		return s.audit(ctx, tx, a.TenantID, "guest:"+strconv.FormatInt(id, 10), "mailbox.guest_link", "application", id,
			map[string]any{"notify": email != ""})
	})
	if err != nil {
		return "", err
	}
	return secret, nil
}

// audit appends one entry in tx; details never hold message content.
func (s *Service) audit(ctx context.Context, tx *store.Tx, tenantID tenant.ID, actor, action, objType string, objID int64, details map[string]any) error {
	return audit.Append(ctx, tx, audit.Entry{At: s.now(), TenantID: int64(tenantID), Actor: actor, Action: action,
		ObjectType: objType, ObjectID: strconv.FormatInt(objID, 10), Details: details})
}
