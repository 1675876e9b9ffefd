// Package live is the portal's in-memory read model of the service catalog:
// the German search index (package catalog/search) over every service that
// is not a placeholder, the services by key, the topics (Themenfelder) and
// life situations (Lebenslagen) to browse, and the most used services.
//
// It is built from the database at start, the same way on SQLite and
// PostgreSQL, and kept up to date by Run: every CheckEvery it compares a
// cheap fingerprint of the catalog (catalog version, number and latest
// change of the services, published procedures) with the one it was built
// from and rebuilds when they differ, so a change made by another process
// (`amtsweg import leika` while the server runs, another server) shows up
// within about CheckEvery.
package live

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/catalog/search"
	"github.com/amtsweg/amtsweg/internal/outage"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
)

// DefaultCheckEvery is how often Run looks for catalog changes.
const DefaultCheckEvery = 3 * time.Second

// Catalog is the live read model; safe for concurrent use.
type Catalog struct {
	db  *store.DB
	log *slog.Logger
	// CheckEvery is how often Run checks for changes; set before Run.
	CheckEvery time.Duration

	index *search.Index
	model atomic.Pointer[model]
	mu    sync.Mutex // serialises rebuilds
}

// Open builds the read model from db and logs how long that took.
func Open(ctx context.Context, db *store.DB, log *slog.Logger) (*Catalog, error) {
	c := &Catalog{db: db, log: log, CheckEvery: DefaultCheckEvery}
	if _, err := c.Refresh(ctx); err != nil {
		return nil, err
	}
	return c, nil
}

// Run checks for catalog changes every CheckEvery until ctx ends. A failed
// check is logged and the current model stays in use.
func (c *Catalog) Run(ctx context.Context) {
	t := time.NewTicker(c.CheckEvery)
	defer t.Stop()
	// While the database is gone the model stays as it is and the log
	// gets one line a minute, not one per check.
	calm := outage.NewCalm(c.log, "catalog: checking for changes failed; the search index stays as it is")
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if _, err := c.Refresh(ctx); err != nil && ctx.Err() == nil {
			calm.Fail(err)
		} else if err == nil {
			calm.OK()
		}
	}
}

// Refresh rebuilds the model if the catalog changed since it was built
// and reports whether it did.
func (c *Catalog) Refresh(ctx context.Context) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fp, err := c.fingerprint(ctx)
	if err != nil {
		return false, err
	}
	if m := c.model.Load(); m != nil && m.fingerprint == fp {
		return false, nil
	}
	start := time.Now()
	m, err := load(ctx, c.db, fp)
	if err != nil {
		return false, err
	}
	loaded := time.Now()
	if err := c.swap(m); err != nil {
		return false, err
	}
	c.log.Info("catalog: search index built", "services", len(m.docs),
		"load", loaded.Sub(start).Round(time.Millisecond),
		"index", time.Since(loaded).Round(time.Millisecond))
	return true, nil
}

// swap installs m: the index first, then the model, so the new model's
// result cache only ever holds results of the new index. For a moment the
// old model may see a hit of a just added service, which results skip.
func (c *Catalog) swap(m *model) error {
	if c.index == nil {
		idx, err := search.New(m.docs)
		if err != nil {
			return err
		}
		c.index = idx
	} else if err := c.index.Replace(m.docs); err != nil {
		return err
	}
	c.model.Store(m)
	return nil
}

func (c *Catalog) fingerprint(ctx context.Context) (string, error) {
	cat, err := catalog.Fingerprint(ctx, c.db)
	if err != nil {
		return "", err
	}
	proc, err := procedure.Fingerprint(ctx, c.db)
	if err != nil {
		return "", err
	}
	return cat + " / " + proc, nil
}

// Close releases the search index.
func (c *Catalog) Close() error {
	if c.index == nil {
		return nil
	}
	return c.index.Close()
}
