package mailbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// notify queues the "new message" e-mail for application id of tenantID
// inside tx: to the account's address, or to the guest's notification
// address; none when there is neither. The e-mail holds only a link:
// accounts get the mailbox, guests the portal (their personal link is
// theirs alone and never sent).
func (s *Service) notify(ctx context.Context, tx *store.Tx, tenantID tenant.ID, id int64) error {
	if s.mail == nil {
		return nil
	}
	to, err := Recipient(ctx, tx, tenantID, id)
	if err != nil || to.To == "" {
		return err
	}
	base, err := tenant.LinkBase(ctx, tx, s.cfg.BaseURL(), tenantID)
	if err != nil {
		return err
	}
	_, err = s.mail.EnqueueTx(ctx, tx, mail.Message{To: to.To, Kind: mail.MailboxMessage, Lang: to.Lang,
		Data: to.MailboxNotice(base)})
	return err
}

// Addressees is the mailbox's read model of notification addresses for
// package casework (casework.Deps.Addressees).
type Addressees struct{}

// Addressee implements casework.Addressees with Recipient.
func (Addressees) Addressee(ctx context.Context, tx *store.Tx, tenantID tenant.ID, applicationID int64) (mail.Addressee, error) {
	return Recipient(ctx, tx, tenantID, applicationID)
}

// Recipient is the addressee of notifications for application id of
// tenantID: the active account's address and language, else the guest's
// notification address and the language of their mailbox link, else no
// address; signed with the tenant's name. Package casework uses it for
// requests and notices (Addressees). The application and the account are
// read through their owners' read models.
func Recipient(ctx context.Context, q *store.Tx, tenantID tenant.ID, id int64) (mail.Addressee, error) {
	a, err := apply.SummaryOf(ctx, q, tenantID, id)
	if fault.Is(err, fault.NotFound) {
		return mail.Addressee{}, nil
	}
	if err != nil {
		return mail.Addressee{}, fmt.Errorf("mailbox: recipient: %w", err)
	}
	to := mail.Addressee{Guest: true}
	if to.Portal, err = tenant.Name(ctx, q, tenantID); err != nil {
		return to, err
	}
	if a.AccountID != 0 {
		c, err := account.ContactOf(ctx, q, tenantID, a.AccountID)
		if err != nil && !fault.Is(err, fault.NotFound) {
			return to, fmt.Errorf("mailbox: recipient: %w", err)
		}
		if c.Active {
			to.To, to.Lang, to.Guest = c.Email, mail.Lang(c.Lang), false
			return to, nil
		}
	}
	var email sql.NullString
	lang := "de"
	err = q.QueryRowContext(ctx, `SELECT notify_email, lang FROM mailbox_guest WHERE application_id = $1 AND tenant_id = $2`, id, tenantID).Scan(&email, &lang)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return to, fmt.Errorf("mailbox: recipient: %w", err)
	}
	to.To, to.Lang = email.String, mail.Lang(lang)
	return to, nil
}
