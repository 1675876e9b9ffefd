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
	to, lang, err := Recipient(ctx, tx, id)
	if err != nil || to == "" {
		return err
	}
	_, err = s.mail.EnqueueTx(ctx, tx, mail.Message{To: to, Kind: mail.MailboxMessage, Lang: lang,
		Data: mail.Data{Link: s.cfg.BaseURL() + "/postfach", Portal: s.cfg.Portal}})
	return err
}

// Recipient is the address notifications for application id go to, with
// the language to write them in: the active account's address and
// language, else the guest's notification address and the language of
// their mailbox link, else "" (no e-mail). Package casework uses it for
// requests and notices.
func Recipient(ctx context.Context, q *sql.Tx, id int64) (string, mail.Lang, error) {
	var email, lang string
	err := q.QueryRowContext(ctx, `SELECT COALESCE(ac.email, g.notify_email, ''),
		CASE WHEN ac.email IS NOT NULL THEN ac.lang ELSE COALESCE(g.lang, 'de') END FROM application a
		LEFT JOIN account ac ON ac.id = a.account_id AND ac.state = 'active'
		LEFT JOIN mailbox_guest g ON g.application_id = a.id WHERE a.id = $1`, id).Scan(&email, &lang)
	if errors.Is(err, sql.ErrNoRows) {
		return "", mail.German, nil
	}
	if err != nil {
		return "", mail.German, fmt.Errorf("mailbox: recipient: %w", err)
	}
	return email, mail.Lang(lang), nil
}
