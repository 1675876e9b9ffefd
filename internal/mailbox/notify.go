package mailbox

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/mail"
)

// notify queues the "new message" e-mail for application id inside tx:
// to the account's address, or to the guest's notification address; none
// when there is neither. The e-mail holds only the link to the mailbox.
func (s *Service) notify(ctx context.Context, tx *sql.Tx, id int64) error {
	if s.mail == nil {
		return nil
	}
	to, err := Recipient(ctx, tx, id)
	if err != nil || to == "" {
		return err
	}
	_, err = s.mail.EnqueueTx(ctx, tx, mail.Message{To: to, Kind: mail.MailboxMessage, Lang: mail.German,
		Data: mail.Data{Link: s.cfg.BaseURL + "/postfach", Portal: s.cfg.Portal}})
	return err
}

// Recipient is the address notifications for application id go to: the
// active account's address, else the guest's notification address, else
// "" (no e-mail). Package casework uses it for requests and notices.
func Recipient(ctx context.Context, q *sql.Tx, id int64) (string, error) {
	var email string
	err := q.QueryRowContext(ctx, `SELECT COALESCE(ac.email, g.notify_email, '') FROM application a
		LEFT JOIN account ac ON ac.id = a.account_id AND ac.state = 'active'
		LEFT JOIN mailbox_guest g ON g.application_id = a.id WHERE a.id = $1`, id).Scan(&email)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("mailbox: recipient: %w", err)
	}
	return email, nil
}
