// Package caseworktest builds a case world (Vorgangswelt) for tests: the
// services that turn a submission (Antrag) into a case (Vorgang) with its
// mailbox (Postfach) and file (Akte), wired as internal/app wires them,
// over a database the test provides, with helpers for tenants, staff,
// citizens and submissions.
package caseworktest

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/amtsweg/amtsweg/internal/akte"
	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/blob"
	"github.com/amtsweg/amtsweg/internal/casework"
	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/mail"
	"github.com/amtsweg/amtsweg/internal/mailbox"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Config changes the wiring; the zero value is a world with its own blob
// folder, no e-mail, the NoFinder and a fixed seal secret.
type Config struct {
	// BlobDir is the blob folder (a running app's, to share its files);
	// "" means a fresh temporary folder.
	BlobDir string
	// BlobURL, when set, names the blob store instead (blob.Open: a
	// running app's S3 bucket, to share its files).
	BlobURL string
	// SealSecret encrypts the seal keys; nil means 32 × "k".
	SealSecret []byte
	// Finder finds the responsible authority; nil means NoFinder.
	Finder apply.AuthorityFinder
	// Mail, when set, sends casework's and the mailbox's e-mails through
	// the world's queue.
	Mail *mail.Config
	// BaseURL is the portal's URL in e-mail links; nil means
	// "https://portal.example".
	BaseURL func() string
	// Jobs configures the queue, which New does not start.
	Jobs jobs.Config
}

// World is the services of the case world on one database. Submissions
// are routed by Submit, not by the queue's subscribers (Subscribe).
type World struct {
	DB      *store.DB
	Log     *slog.Logger // discards
	Blobs   blob.Store
	Jobs    *jobs.Queue
	Events  *events.Bus  // delivers through Jobs; Subscribe registers the subscribers
	Mail    *mail.Mailer // nil without Config.Mail
	Akte    *akte.Service
	Cases   *casework.Service
	Apps    *apply.Service
	Mailbox *mailbox.Service
	seq     atomic.Int64
}

// New wires the world over db.
func New(t testing.TB, db *store.DB, cfg Config) *World {
	t.Helper()
	cfg = cfg.withDefaults(t)
	w := &World{DB: db, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	var err error
	w.Blobs, err = blob.Open(context.Background(), cfg.BlobURL, cfg.BlobDir)
	check(t, err)
	w.Jobs, err = jobs.New(db, w.Log, cfg.Jobs)
	check(t, err)
	if cfg.Mail != nil {
		w.Mail, err = mail.New(db, w.Jobs, *cfg.Mail, w.Log)
		check(t, err)
	}
	w.Events = events.NewBus(w.Jobs)
	w.Akte, err = akte.New(akte.Deps{DB: db, Blobs: w.Blobs, Log: w.Log, Events: w.Events})
	check(t, err)
	w.Cases, err = casework.New(casework.Deps{DB: db, Blobs: w.Blobs, Jobs: w.Jobs, Akte: w.Akte, Mail: w.notifier(),
		Log: w.Log, SealSecret: cfg.SealSecret, Addressees: mailbox.Addressees{}, Events: w.Events,
		Config: casework.Config{BaseURL: cfg.BaseURL}})
	check(t, err)
	w.Apps, err = apply.New(apply.Deps{DB: db, Blobs: w.Blobs, Jobs: w.Jobs, Finder: cfg.Finder, Log: w.Log, Events: w.Events})
	check(t, err)
	w.Mailbox, err = mailbox.New(mailbox.Deps{DB: db, Blobs: w.Blobs, Apply: w.Apps, Cases: w.Cases, Akte: w.Akte,
		Mail: w.notifier(), Log: w.Log, Config: mailbox.Config{BaseURL: cfg.BaseURL}})
	check(t, err)
	return w
}

// Subscribe registers the subscribers between capabilities on the world's
// bus, as internal/app does (its subscribe), before the queue starts.
func (w *World) Subscribe() {
	for _, s := range append(casework.Subscribers(w.Cases), apply.Subscribers(w.Apps)...) {
		w.Events.Subscribe(s.Type, s.Name, s.Handle)
	}
}

func (c Config) withDefaults(t testing.TB) Config {
	if c.BlobDir == "" {
		c.BlobDir = t.TempDir()
	}
	if c.SealSecret == nil {
		c.SealSecret = []byte(strings.Repeat("k", 32))
	}
	if c.Finder == nil {
		c.Finder = NoFinder{}
	}
	if c.BaseURL == nil {
		c.BaseURL = func() string { return "https://portal.example" }
	}
	return c
}

// notifier is the mailer for casework and the mailbox: a nil interface
// (no e-mail) without one, not a typed nil.
func (w *World) notifier() casework.Notifier {
	if w.Mail == nil {
		return nil
	}
	return w.Mail
}

func bg() context.Context { return context.Background() }

func check(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
