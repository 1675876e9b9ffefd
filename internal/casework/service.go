package casework

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"time"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Notifier queues an e-mail notification inside a transaction;
// *mail.Mailer implements it.
type Notifier interface {
	EnqueueTx(ctx context.Context, tx *store.Tx, msg mail.Message) (int64, error)
}

// Config tunes the package; the zero value gives the defaults.
type Config struct {
	// WarnBefore is how long before the deadline a case is flagged "due
	// soon" (default 7 days); never more than the last quarter of its
	// processing period (deadline.go).
	WarnBefore time.Duration
	// BaseURL returns the portal's public URL for the links in e-mails
	// (default http://localhost:8080): BaseURL()+"/postfach" in "notice
	// available" and "new message", the receipt page in "application
	// received". A function, because a server on a free port knows its URL
	// only once it listens.
	BaseURL func() string
	// Portal names the sender in e-mails (default "amtsweg").
	Portal string
}

// receiptURL is the link to application id's receipt page under base
// (the tenant's own URL, tenant.LinkBase).
func receiptURL(base string, id int64) string {
	return base + "/antraege/" + strconv.FormatInt(id, 10) + "/eingangsbestaetigung"
}

func (c Config) withDefaults() Config {
	if c.WarnBefore <= 0 {
		c.WarnBefore = 7 * 24 * time.Hour
	}
	if c.BaseURL == nil {
		c.BaseURL = func() string { return "http://localhost:8080" }
	}
	if c.Portal == "" {
		c.Portal = "amtsweg"
	}
	return c
}

// Deps are what a Service works with.
type Deps struct {
	DB    *store.DB
	Blobs blob.Store
	Jobs  *jobs.Queue
	Akte  *akte.Service
	// Mail sends notifications; nil sends none.
	Mail Notifier
	Log  *slog.Logger
	// Clock is the time source; nil means time.Now.
	Clock func() time.Time
	// SealSecret (32 bytes) encrypts the authorities' private seal keys
	// at rest (AES-256-GCM). Keep it outside the database.
	SealSecret []byte
	Config     Config
	// Addressees says where notifications about an application go (the
	// account's address, or a guest's notification address); nil uses the
	// applicant account's address only. It is the mailbox's exported read
	// model (mailbox.Addressees), an interface because package mailbox
	// imports casework.
	Addressees Addressees
	// Events delivers the events casework publishes for its subscribers
	// (events.CasePurged); nil delivers none.
	Events *events.Bus
}

// Addressees is the read model of notification addresses
// (Benachrichtigungsadressen) that package mailbox exports.
type Addressees interface {
	// Addressee is the addressee of notifications about application
	// applicationID of tenantID, read inside tx; none without an address.
	Addressee(ctx context.Context, tx *store.Tx, tenantID tenant.ID, applicationID int64) (mail.Addressee, error)
}

// Service is the back office's case processing. It is safe for
// concurrent use.
type Service struct {
	db     *store.DB
	blobs  blob.Store
	jobs   *jobs.Queue
	akte   *akte.Service
	mail   Notifier
	to     Addressees
	events *events.Bus
	log    *slog.Logger
	clock  func() time.Time
	secret []byte
	cfg    Config
}

// New returns a Service; it needs DB, Blobs, Jobs, Akte, Log and a
// 32-byte SealSecret.
func New(d Deps) (*Service, error) {
	if d.DB == nil || d.Blobs == nil || d.Jobs == nil || d.Akte == nil || d.Log == nil {
		return nil, errors.New("casework: New needs DB, Blobs, Jobs, Akte and Log")
	}
	if len(d.SealSecret) != 32 {
		return nil, errors.New("casework: the seal secret must be 32 bytes")
	}
	if d.Clock == nil {
		d.Clock = time.Now
	}
	return &Service{db: d.DB, blobs: d.Blobs, jobs: d.Jobs, akte: d.Akte, mail: d.Mail, to: d.Addressees, events: d.Events, log: d.Log,
		clock: d.Clock, secret: d.SealSecret, cfg: d.Config.withDefaults()}, nil
}

// Register registers the package's job workers on q ("casework.file_receipt",
// kept for jobs enqueued before routing stopped enqueuing it).
// Call it in every process before q.Start. Routing and receipt filing are
// subscribers of apply's events (subscribers.go), registered at
// composition.
func (s *Service) Register(q *jobs.Queue) {
	jobs.Register(q, s.fileReceipt)
}

func (s *Service) now() time.Time { return s.clock().UTC().Truncate(time.Microsecond) }

// step records one workflow step: the event row and its audit entry, in tx.
func (s *Service) step(ctx context.Context, tx *store.Tx, c Case, actor, action string, to Status, details map[string]any) error {
	raw := "{}"
	if len(details) > 0 {
		b, err := jsonString(details)
		if err != nil {
			return err
		}
		raw = b
	}
	now := s.now()
	if _, err := tx.ExecContext(ctx, `INSERT INTO case_event (case_id, at, actor, action, from_status, to_status, details)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, c.ID, now, actor, action, c.Status, to, raw); err != nil {
		return err
	}
	if err := appendEvent(ctx, tx, c, action, to, details, now); err != nil {
		return err
	}
	d := map[string]any{"reference": c.Reference, "from": string(c.Status), "to": string(to)}
	for k, v := range details {
		d[k] = v
	}
	return audit.Append(ctx, tx, audit.Entry{At: now, TenantID: int64(c.TenantID), Actor: actor,
		Action: "case." + action, ObjectType: "case", ObjectID: strconv.FormatInt(c.ID, 10), Details: d})
}
