package mailbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// notify queues the "new message" e-mail for application id of tenantID
// inside tx: to the account's address, or to the guest's notification
// address; none when there is neither. The e-mail holds only a link:
// accounts get the mailbox, guests the portal (their personal link is
// theirs alone and never sent).
func (s *Service) notify(ctx context.Context, tx *sql.Tx, tenantID, id int64) error {
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
func (Addressees) Addressee(ctx context.Context, tx *sql.Tx, tenantID, applicationID int64) (mail.Addressee, error) {
	return Recipient(ctx, tx, tenantID, applicationID)
}

// Recipient is the addressee of notifications for application id of
// tenantID: the active account's address and language, else the guest's
// notification address and the language of their mailbox link, else no
// address; signed with the tenant's name. Package casework uses it for
// requests and notices.
func Recipient(ctx context.Context, q *sql.Tx, tenantID, id int64) (mail.Addressee, error) {
	var to mail.Addressee
	var lang string
	err := q.QueryRowContext(ctx, `SELECT COALESCE(ac.email, g.notify_email, ''),
		CASE WHEN ac.email IS NOT NULL THEN ac.lang ELSE COALESCE(g.lang, 'de') END, ac.email IS NULL, t.name
		FROM application a JOIN tenant t ON t.id = a.tenant_id
		LEFT JOIN account ac ON ac.id = a.account_id AND ac.state = 'active'
		LEFT JOIN mailbox_guest g ON g.application_id = a.id WHERE a.id = $1 AND a.tenant_id = $2`,
		id, tenantID).Scan(&to.To, &lang, &to.Guest, &to.Portal)
	if errors.Is(err, sql.ErrNoRows) {
		return mail.Addressee{}, nil
	}
	if err != nil {
		return to, fmt.Errorf("mailbox: recipient: %w", err)
	}
	to.Lang = mail.Lang(lang)
	return to, nil
}
