package apply

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"time"
	_ "time/tzdata" // Europe/Berlin for reference years on minimal hosts

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Status is where an application is in its life.
type Status string

// The statuses of an application.
const (
	Draft     Status = "draft"     // Entwurf: editable by the applicant
	Submitted Status = "submitted" // eingereicht: immutable for the applicant
)

// Application is a citizen's or business's application (Antrag): a draft
// until submitted. It keeps the exact procedure version it was started
// with; publishing a newer version never changes it.
type Application struct {
	ID          int64
	TenantID    tenant.ID
	ProcedureID string
	Version     int // procedure version
	// ServiceKey is the LeiKa key of the service applied for; it decides
	// the responsible authority together with the place.
	ServiceKey string
	AccountID  int64 // 0 for a guest draft
	OrgID      int64 // organisation the account acts for, 0 for none
	Status     Status
	// Answers are the answers as entered (drafts) or the normalized answers
	// with hidden fields dropped (submitted). File fields are not in them:
	// see Attachments.
	Answers   map[string]any
	Page      string // the page the applicant was on last
	CreatedAt time.Time
	UpdatedAt time.Time
	// ResumeExpiresAt is when the guest resume link expires; zero for none.
	ResumeExpiresAt time.Time
	SubmittedAt     time.Time // zero for drafts
	Reference       string    // Aktenzeichen, e.g. SN-2026-000123; "" for drafts
	AuthorityID     int64     // receiving authority; 0 for drafts and clearing
	// Clearing marks a submitted application no responsible authority was
	// found for; the back office routes it by hand (Clearingstelle).
	Clearing    bool
	Attachments []Attachment
}

// Guest reports whether the application belongs to a guest.
func (a Application) Guest() bool { return a.AccountID == 0 }

// Attachment is one uploaded file (Anlage / Nachweis) of a file field.
type Attachment struct {
	ID            int64
	ApplicationID int64
	// FieldPath is the file field's path, e.g. "proof" or
	// "children[1].birth_certificate".
	FieldPath string
	Name      string // sanitised file name
	MediaType string // sniffed from the content, never taken from the client
	Size      int64
	SHA256    string // hex
	BlobKey   string
	CreatedAt time.Time
}

// Owner is who acts on an application: an account (with an optional
// organisation) at the assurance level of its login, or a guest holding
// the resume secret on its tenant's host.
type Owner struct {
	AccountID int64
	OrgID     int64
	// Level is the assurance level (Vertrauensniveau) of the account's
	// login; reading or changing an application needs at least the level
	// its procedure requires (ReadLevel). Ignored for guests.
	Level account.Level
	// TenantID is the tenant whose host the guest acts on; a guest's
	// secret works on its own tenant only. Ignored for accounts, which
	// belong to one tenant.
	TenantID tenant.ID
	// Secret is a guest's resume secret; ignored for accounts.
	Secret string
}

// AccountOwner is the owner for a logged-in account acting for itself
// (orgID 0) or for an organisation, at the lowest login level; At sets
// the level of a stronger login.
func AccountOwner(accountID, orgID int64) Owner {
	return Owner{AccountID: accountID, OrgID: orgID, Level: account.LevelLow}
}

// At is o with the assurance level of the account's login.
func (o Owner) At(level account.Level) Owner {
	o.Level = level
	return o
}

// GuestOwner is the owner for a guest on tenantID's host who holds the
// resume secret; for Start pass GuestOwner(tenantID, "") and keep the
// secret Start returns.
func GuestOwner(tenantID tenant.ID, secret string) Owner {
	return Owner{TenantID: tenantID, Secret: secret}
}

// Guest reports whether o is a guest.
func (o Owner) Guest() bool { return o.AccountID == 0 }

// AuthorityFinder finds the authority responsible for a service in a
// region; *catalog.Finder implements it.
type AuthorityFinder interface {
	Find(ctx context.Context, tenantID tenant.ID, serviceKey, ars string, audience catalog.Audience) (catalog.Authority, error)
}

// Config tunes the package; the zero value gives the defaults.
type Config struct {
	// DraftTTL is how long an untouched draft is kept (default 30 days).
	DraftTTL time.Duration
	// ResumeTTL is how long a guest resume link is valid (default 30 days).
	ResumeTTL time.Duration
	// DefaultMaxSize bounds a file when the field names no max_size
	// (default 10 MiB).
	DefaultMaxSize int64
	// CleanupEvery is the period of the draft cleanup job (default 1h).
	CleanupEvery time.Duration
	// OrphanAge is how old an unreferenced blob must be before the orphan
	// sweep deletes it (default 24h; far longer than storing a file and
	// committing its row take).
	OrphanAge time.Duration
	// OrphanSweepEvery is the period of the orphan sweep (default 6h).
	OrphanSweepEvery time.Duration
}

func (c Config) withDefaults() Config {
	if c.DraftTTL <= 0 {
		c.DraftTTL = 30 * 24 * time.Hour
	}
	if c.ResumeTTL <= 0 {
		c.ResumeTTL = 30 * 24 * time.Hour
	}
	if c.DefaultMaxSize <= 0 {
		c.DefaultMaxSize = 10 << 20
	}
	if c.CleanupEvery <= 0 {
		c.CleanupEvery = time.Hour
	}
	if c.OrphanAge <= 0 {
		c.OrphanAge = 24 * time.Hour
	}
	if c.OrphanSweepEvery <= 0 {
		c.OrphanSweepEvery = 6 * time.Hour
	}
	return c
}

// Deps are what a Service works with.
type Deps struct {
	DB     *store.DB
	Blobs  blob.Store
	Jobs   *jobs.Queue
	Finder AuthorityFinder
	// Places checks place fields; nil checks the ARS format only. If it
	// is a TxPlaceResolver, checks inside a transaction go through it.
	Places procedure.PlaceResolver
	// PlaceNames names places for display (review, receipt, case); nil
	// shows the ARS.
	PlaceNames PlaceNamer
	// Scanner checks uploads for malware; nil means no scan (logged once
	// by New as "virus scan off").
	Scanner Scanner
	Log     *slog.Logger
	Config  Config
	// Events publishes the submissions (events.Submitted) and the
	// follow-ups (events.Accepted, events.ReceiptStored) to the
	// subscribers registered at composition; nil: a bus of apply's own,
	// with only its own follow-up subscribed.
	Events *events.Bus
}

// Service is the application workflow. It is safe for concurrent use.
type Service struct {
	db      *store.DB
	blobs   blob.Store
	jobs    *jobs.Queue
	finder  AuthorityFinder
	places  procedure.PlaceResolver
	scanner Scanner
	log     *slog.Logger
	cfg     Config
	events  *events.Bus
	render  renderFunc // nil: renderReceipt
	berlin  *time.Location

	procs sync.Map // procKey → *procedure.Procedure (versions never change)
	// lastVersions remembers each effective version read, so a form page
	// can be shown again while the database is unreachable (crisis mode).
	lastVersions sync.Map // versionKey → lastVersion
	group        committer

	// placeNames names places for display; nil shows the ARS.
	placeNames PlaceNamer
}

// New returns a Service on d. It needs DB, Blobs, Jobs, Finder and Log.
func New(d Deps) (*Service, error) {
	if d.DB == nil || d.Blobs == nil || d.Jobs == nil || d.Finder == nil || d.Log == nil {
		return nil, errors.New("apply: New needs DB, Blobs, Jobs, Finder and Log")
	}
	if d.Scanner == nil {
		d.Log.Info("virus scan off")
	}
	if d.Events == nil {
		d.Events = events.NewBus(d.Jobs)
	}
	d.Events.Declare(events.Submitted, SubmittedJob{}.Kind()) // its handler: RegisterJobs
	return &Service{db: d.DB, blobs: d.Blobs, jobs: d.Jobs, finder: d.Finder, places: d.Places, placeNames: d.PlaceNames,
		scanner: d.Scanner, log: d.Log, cfg: d.Config.withDefaults(), events: d.Events, berlin: berlin()}, nil
}
