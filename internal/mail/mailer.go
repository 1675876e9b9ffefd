package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
)

// MaxAttempts is how often a message is tried before it is given up:
// with the queue's default backoff about six days, after which the links
// in it have expired anyway.
const MaxAttempts = 20

// Keep is how long a stored message may wait before the daily purge
// deletes it; it is well past the last attempt.
const Keep = 14 * 24 * time.Hour

// sendArgs is the job that sends one stored message; it holds only the
// row's id, never the address.
type sendArgs struct {
	MailID int64 `json:"mail_id"`
}

// Kind names the job kind "mail.send".
func (sendArgs) Kind() string { return "mail.send" }

// purgeArgs is the daily job that deletes messages given up.
type purgeArgs struct{}

// Kind names the job kind "mail.purge".
func (purgeArgs) Kind() string { return "mail.purge" }

// Mailer queues notifications and, through the job queue, sends them.
type Mailer struct {
	db     *store.DB
	q      *jobs.Queue
	sender Sender
	from   *mail.Address
	tpl    *templates
	log    *slog.Logger
}

// New returns a Mailer that sends as cfg says, and registers its jobs
// ("mail.send" and the daily "mail.purge") on q. Call it in every process,
// before q.Start.
func New(db *store.DB, q *jobs.Queue, cfg Config, log *slog.Logger) (*Mailer, error) {
	if db == nil || q == nil || log == nil {
		return nil, errors.New("mail: New needs a database, a queue and a logger")
	}
	sender, err := NewSender(cfg)
	if err != nil {
		return nil, err
	}
	from, _ := mail.ParseAddress(cfg.From) // checked by NewSender
	tpl, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	m := &Mailer{db: db, q: q, sender: sender, from: from, tpl: tpl, log: log}
	jobs.Register(q, m.send)
	jobs.Register(q, m.purge)
	q.AddPeriodic(jobs.Periodic{Every: 24 * time.Hour, Offset: 3 * time.Hour, Args: purgeArgs{}})
	return m, nil
}

// EnqueueTx stores msg and enqueues its sending inside tx, so the mail
// goes out exactly when tx commits. It returns the job's id. msg is
// checked first: a bad address, an unknown kind or a link that is not an
// absolute http(s) URL is a fault.Invalid error.
func (m *Mailer) EnqueueTx(ctx context.Context, tx *store.Tx, msg Message) (int64, error) {
	if _, err := msg.validate(); err != nil {
		return 0, err
	}
	id, err := insertQueued(ctx, tx, queued{To: msg.To, Kind: msg.Kind, Lang: msg.Lang.Normal(), Data: msg.Data,
		MessageID: newMessageID(m.from), CreatedAt: time.Now().UTC().Truncate(time.Second)})
	if err != nil {
		return 0, err
	}
	return m.q.EnqueueTx(ctx, tx, sendArgs{MailID: id}, jobs.MaxAttempts(MaxAttempts))
}

// Enqueue is EnqueueTx in a transaction of its own, for callers that
// decide on a mail after their change committed (the account service).
func (m *Mailer) Enqueue(ctx context.Context, msg Message) (int64, error) {
	var id int64
	err := m.db.Tx(ctx, func(tx *store.Tx) (err error) {
		id, err = m.EnqueueTx(ctx, tx, msg)
		return err
	})
	return id, err
}

// send is the worker of "mail.send". A missing row means the message was
// sent before (the job runs at least once), so there is nothing to do.
func (m *Mailer) send(ctx context.Context, a sendArgs) error {
	qm, err := loadQueued(ctx, m.db, a.MailID)
	if fault.Is(err, fault.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	raw, to, err := m.compose(qm)
	if err != nil {
		return err
	}
	err = m.sender.Send(ctx, m.from.Address, to, raw)
	if IsPermanent(err) {
		// Rejected for good: keep no personal data for a message that
		// will never go out.
		return jobs.Permanent(errors.Join(err, deleteQueued(ctx, m.db, a.MailID)))
	}
	if err != nil {
		return err
	}
	if err := deleteQueued(ctx, m.db, a.MailID); err != nil {
		// Sent: retrying would send it twice. The purge deletes it.
		m.log.Warn("mail sent but not deleted", "mail", a.MailID, "err", err)
	}
	return nil
}

// compose renders the stored message; it returns the message and the bare
// recipient address for the envelope.
func (m *Mailer) compose(qm queued) ([]byte, string, error) {
	to, err := mail.ParseAddress(qm.To)
	if err != nil {
		return nil, "", jobs.Permanent(fmt.Errorf("mail %d: bad recipient address", qm.ID))
	}
	r, err := m.tpl.render(qm.Kind, qm.Lang, qm.Data)
	if err != nil {
		return nil, "", err
	}
	raw, err := compose(envelope{From: m.from, To: to, MessageID: qm.MessageID, Date: qm.CreatedAt, Lang: qm.Lang}, r)
	return raw, to.Address, err
}

func (m *Mailer) purge(ctx context.Context, _ purgeArgs) error {
	n, err := purgeQueued(ctx, m.db, time.Now().Add(-Keep))
	if err == nil && n > 0 {
		m.log.Warn("mail: deleted messages never sent", "count", n)
	}
	return err
}
