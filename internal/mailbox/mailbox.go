package mailbox

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"time"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Direction says who sent a message.
type Direction string

// The directions of a message.
const (
	ToApplicant   Direction = "to_applicant"   // from the authority (Behörde an Antragsteller)
	FromApplicant Direction = "from_applicant" // from the applicant (Antragsteller an Behörde)
)

// Message is one message (Nachricht) of an application's mailbox.
type Message struct {
	ID            int64
	TenantID      tenant.ID
	ApplicationID int64
	CaseID        int64
	Direction     Direction
	Subject       string
	Body          string
	SenderID      int64  // staff or applicant account; 0 for a guest
	SenderName    string // staff name, "" for the applicant
	CreatedAt     time.Time
	// ReadAt is when the recipient opened it; zero while unread.
	ReadAt      time.Time
	Attachments []Attachment
}

// Attachment is a file (Anlage) shown in a thread: of a message, or of an
// answer to a request (filed by casework).
type Attachment struct {
	// Ref addresses the file within its application's mailbox: "m<id>"
	// for a message's attachment, "d<id>" for a case-file document of an
	// answer.
	Ref       string
	Name      string
	MediaType string
	Size      int64
	SHA256    string
	blobKey   string
}

// Upload is a file given with a message: the client's name and type
// claim and its content.
type Upload struct {
	Name         string
	DeclaredType string
	Content      io.Reader
}

// Notifier queues an e-mail inside a transaction; *mail.Mailer
// implements it.
type Notifier interface {
	EnqueueTx(ctx context.Context, tx *store.Tx, msg mail.Message) (int64, error)
}

// Config tunes the package; the zero value gives the defaults.
type Config struct {
	// BaseURL returns the portal's public URL for links in e-mails
	// (default http://localhost:8080); the link is BaseURL()+"/postfach".
	// A function, because a server on a free port knows its URL only once
	// it listens.
	BaseURL func() string
	// Portal names the sender in e-mails (default "amtsweg").
	Portal string
	// MaxFileSize bounds one attachment (default 10 MiB).
	MaxFileSize int64
	// MaxFiles bounds the attachments of one message (default 5).
	MaxFiles int
	// MediaTypes are the accepted attachment types, sniffed from the
	// content (default PDF, PNG, JPEG, TIFF, ODT, DOCX).
	MediaTypes []string
}

// Limits of a message's text.
const (
	MaxSubject = 200    // characters
	MaxBody    = 10_000 // characters
)

func (c Config) withDefaults() Config {
	if c.BaseURL == nil {
		c.BaseURL = func() string { return "http://localhost:8080" }
	}
	if c.Portal == "" {
		c.Portal = "amtsweg"
	}
	if c.MaxFileSize <= 0 {
		c.MaxFileSize = 10 << 20
	}
	if c.MaxFiles <= 0 {
		c.MaxFiles = 5
	}
	if len(c.MediaTypes) == 0 {
		c.MediaTypes = []string{apply.TypePDF, apply.TypePNG, apply.TypeJPEG, apply.TypeTIFF, apply.TypeODT, apply.TypeDOCX}
	}
	return c
}

// Deps are what a Service works with.
type Deps struct {
	DB    *store.DB
	Blobs blob.Store        // attachments' content
	Apply *apply.Service    // ownership, upload checks, receipts
	Cases *casework.Service // cases, requests, answers, notices
	Akte  *akte.Service     // filing messages in the case file
	// Mail queues the "new message" e-mails; nil sends none.
	Mail Notifier
	Log  *slog.Logger
	// Clock is the time source; nil means time.Now.
	Clock  func() time.Time
	Config Config
}

// Service is the mailbox. It is safe for concurrent use.
type Service struct {
	db    *store.DB
	blobs blob.Store
	apps  *apply.Service
	cases *casework.Service
	akte  *akte.Service
	mail  Notifier
	log   *slog.Logger
	clock func() time.Time
	cfg   Config
}

// New returns a Service; it needs DB, Blobs, Apply, Cases, Akte and Log.
func New(d Deps) (*Service, error) {
	if d.DB == nil || d.Blobs == nil || d.Apply == nil || d.Cases == nil || d.Akte == nil || d.Log == nil {
		return nil, errors.New("mailbox: New needs DB, Blobs, Apply, Cases, Akte and Log")
	}
	if d.Clock == nil {
		d.Clock = time.Now
	}
	return &Service{db: d.DB, blobs: d.Blobs, apps: d.Apply, cases: d.Cases, akte: d.Akte, mail: d.Mail, log: d.Log,
		clock: d.Clock, cfg: d.Config.withDefaults()}, nil
}

// Config returns the effective configuration (limits for the pages).
func (s *Service) Config() Config { return s.cfg }

func (s *Service) now() time.Time { return s.clock().UTC().Truncate(time.Microsecond) }
