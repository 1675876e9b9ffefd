package akte

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Kind is what a document is (Dokumenttyp).
type Kind string

// The kinds of documents in a file.
const (
	Receipt    Kind = "receipt"     // Eingangsbestätigung with the submitted answers (PDF)
	Attachment Kind = "attachment"  // Anlage / Nachweis uploaded with the application
	MessageIn  Kind = "message_in"  // Nachricht des Antragstellers (incl. answers to requests)
	MessageOut Kind = "message_out" // Nachricht an den Antragsteller
	Note       Kind = "note"        // interner Vermerk
	Request    Kind = "request"     // Nachforderung
	Notice     Kind = "notice"      // Bescheid (sealed PDF)
	Record     Kind = "record"      // sonstiges Schriftstück (e.g. a forwarding record)
)

// Document is one document filed in a case's file.
type Document struct {
	ID        int64
	CaseID    int64
	Seq       int // position in the file, from 1
	Kind      Kind
	Title     string // Betreff
	FileName  string
	MediaType string
	Size      int64
	SHA256    string // hex
	BlobKey   string
	Author    string // who wrote or sent it: a staff name, "Antragsteller", "System"
	// Ref names the source object, e.g. "attachment:12"; filing the same
	// Ref twice files it once.
	Ref     string
	GUID    string // UUID, stable across exports
	FiledAt time.Time
}

// File is a case's file (Akte).
type File struct {
	CaseID        int64
	TenantID      tenant.ID
	Reference     string // Aktenzeichen
	Title         string // Aktenbetreff, the procedure's title
	ProcedureID   string
	AuthorityName string // federführende Behörde
	Retention     string // ISO 8601 period, e.g. P10Y
	GUID          string
	Documents     int
	OpenedAt      time.Time
	ClosedAt      time.Time // zero while open
	DeleteAfter   time.Time // zero while open
	LegalHold     bool
	HoldReason    string
	// PlanUnit is the Kennzeichen of the filing-plan unit
	// (Aktenplaneinheit) the file is filed under; "" for none.
	PlanUnit string
	// Disposal is the Aussonderungsart: A (archivieren) or B (bewerten)
	// files go to the archive conversation (archive.go), V or "" are
	// deleted when their retention runs out.
	Disposal string
}

// Deps are what a Service works with.
type Deps struct {
	DB    *store.DB
	Blobs blob.Store
	Log   *slog.Logger
	// Clock is the time source; nil means time.Now.
	Clock func() time.Time
	// Events delivers events.FileDeleted, published in the retention
	// transaction, to its subscribers (casework purges the case, and then
	// apply the application); nil deletes the file only.
	Events *events.Bus
}

// Service files documents and runs retention and export.
type Service struct {
	db     *store.DB
	blobs  blob.Store
	log    *slog.Logger
	clock  func() time.Time
	events *events.Bus
}

// New returns a Service; it needs DB, Blobs and Log.
func New(d Deps) (*Service, error) {
	if d.DB == nil || d.Blobs == nil || d.Log == nil {
		return nil, errors.New("akte: New needs DB, Blobs and Log")
	}
	if d.Clock == nil {
		d.Clock = time.Now
	}
	return &Service{db: d.DB, blobs: d.Blobs, log: d.Log, clock: d.Clock, events: d.Events}, nil
}

func (s *Service) now() time.Time { return s.clock().UTC().Truncate(time.Microsecond) }

// NewGUID returns a random (version 4) UUID.
func NewGUID() string {
	var b [16]byte
	rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// PutText stores text as a UTF-8 plain-text blob, encrypted with the
// tenant's data key, and returns a Document carrying its file metadata,
// ready for FileTx (notes, requests and messages are filed this way).
func (s *Service) PutText(ctx context.Context, t tenant.ID, kind Kind, title, fileName, text string) (Document, error) {
	info, err := s.blobs.Put(ctx, t, strings.NewReader(text), int64(len(text))+1)
	if err != nil {
		return Document{}, fmt.Errorf("akte: store text: %w", err)
	}
	return Document{Kind: kind, Title: title, FileName: fileName, MediaType: "text/plain; charset=utf-8",
		Size: info.Size, SHA256: info.SHA256, BlobKey: info.Key}, nil
}

// PutBytes stores b as a blob of mediaType, encrypted with the tenant's
// data key, and returns a Document carrying its file metadata, ready for
// FileTx.
func (s *Service) PutBytes(ctx context.Context, t tenant.ID, kind Kind, title, fileName, mediaType string, b []byte) (Document, error) {
	info, err := s.blobs.Put(ctx, t, strings.NewReader(string(b)), int64(len(b))+1)
	if err != nil {
		return Document{}, fmt.Errorf("akte: store %s: %w", fileName, err)
	}
	return Document{Kind: kind, Title: title, FileName: fileName, MediaType: mediaType,
		Size: info.Size, SHA256: info.SHA256, BlobKey: info.Key}, nil
}

func notFound(caseID int64) error { return fault.New(fault.NotFound, "no file for case %d", caseID) }

func timeOf(t sql.NullTime) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}
