package catalog

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Places finds municipalities (Orte) by what people type: a postal code,
// the official name, the name without its designations, a folded spelling
// or a name with a typo (see PlaceMatch for the ranking). It answers from
// an in-memory index of the ~11,000 municipalities built once, so a lookup
// per keystroke costs microseconds instead of a LIKE over the table and
// its postal codes. Like Finder, the index is rebuilt when the catalog
// version in the database changed (every region and postal code import
// bumps it), checked at most once per CheckEvery in the background.
type Places struct {
	db *store.DB
	// CheckEvery bounds how stale the index may be; default one second.
	CheckEvery time.Duration

	mu         sync.Mutex // serialises rebuilds
	idx        atomic.Pointer[placeIndex]
	checked    atomic.Int64 // unix nanos of the last version check
	refreshing atomic.Bool
}

// NewPlaces returns Places on db; the index is built on first use.
func NewPlaces(db *store.DB) *Places { return &Places{db: db, CheckEvery: time.Second} }

// Find returns up to limit places matching input, best first. Fewer than
// two letters (or digits) and overlong input are fault.Invalid; no match
// is fault.NotFound.
func (p *Places) Find(ctx context.Context, input string, limit int) ([]Place, error) {
	idx, err := p.current(ctx)
	if err != nil {
		return nil, err
	}
	return idx.match(input, limit)
}

// Place returns the municipality with the ARS; another ARS is
// fault.NotFound.
func (p *Places) Place(ctx context.Context, ars string) (Place, error) {
	idx, err := p.current(ctx)
	if err != nil {
		return Place{}, err
	}
	i, ok := idx.byARS[ars]
	if !ok {
		return Place{}, noPlace(ars)
	}
	return idx.places[i].Place, nil
}

// current returns the index; a stale one triggers a background check.
func (p *Places) current(ctx context.Context) (*placeIndex, error) {
	idx := p.idx.Load()
	if idx == nil {
		return p.refresh(ctx)
	}
	if time.Now().UnixNano()-p.checked.Load() >= int64(p.CheckEvery) && p.refreshing.CompareAndSwap(false, true) {
		go func() {
			defer p.refreshing.Store(false)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			p.refresh(ctx) // on error the old index stays; the next check retries
		}()
	}
	return idx, nil
}

// refresh checks the version and reloads the index if it changed.
func (p *Places) refresh(ctx context.Context) (*placeIndex, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	version, err := catalogVersion(ctx, p.db)
	if err != nil {
		return nil, err
	}
	idx := p.idx.Load()
	if idx == nil || idx.version != version {
		if idx, err = loadPlaceIndex(ctx, p.db); err != nil {
			return nil, err
		}
		p.idx.Store(idx)
	}
	p.checked.Store(time.Now().UnixNano())
	return idx, nil
}

func noPlace(ars string) error {
	return fault.New(fault.NotFound, "no municipality with ARS %s", ars)
}
