package catalog

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// Finder answers the same question as Find from an in-memory index of the
// region tree, the responsibilities and the authorities, so a lookup takes
// microseconds. The index is rebuilt when the catalog version in the
// database changed (every import bumps it). The version is checked at most
// once per CheckEvery, in the background, so no lookup waits for the
// database: a change made by any process shows up within about that time,
// and in this process at once after Invalidate.
type Finder struct {
	db *store.DB
	// CheckEvery bounds how stale the index may be; default one second.
	CheckEvery time.Duration

	mu         sync.Mutex // serialises rebuilds
	idx        atomic.Pointer[index]
	checked    atomic.Int64 // unix nanos of the last version check
	refreshing atomic.Bool  // a background check is running
	forced     atomic.Bool  // Invalidate was called
}

// NewFinder returns a Finder on db; the index is built on first use.
func NewFinder(db *store.DB) *Finder { return &Finder{db: db, CheckEvery: time.Second} }

// Find returns the authority responsible for serviceKey in region ars for
// audience; the rules are those of the package function Find. Unknown
// regions and missing responsibilities are fault.NotFound.
func (f *Finder) Find(ctx context.Context, tenantID tenant.ID, serviceKey, ars string, audience Audience) (Authority, error) {
	idx, err := f.current(ctx)
	if err != nil {
		return Authority{}, err
	}
	return idx.find(tenantID, serviceKey, ars, audience)
}

// Warm builds the index now instead of on first use, so the finder can
// answer from memory should the database be gone before anyone asked
// (crisis mode).
func (f *Finder) Warm(ctx context.Context) error {
	_, err := f.refresh(ctx)
	return err
}

// Invalidate makes the next Find check the database version (and reload
// if it changed) before it answers; call it after changing the catalog.
func (f *Finder) Invalidate() { f.forced.Store(true) }

// current returns the index; a stale one triggers a background check.
func (f *Finder) current(ctx context.Context) (*index, error) {
	idx := f.idx.Load()
	if idx == nil || f.forced.Load() {
		return f.refresh(ctx)
	}
	if time.Now().UnixNano()-f.checked.Load() >= int64(f.CheckEvery) && f.refreshing.CompareAndSwap(false, true) {
		go func() {
			defer f.refreshing.Store(false)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			f.refresh(ctx) // on error the old index stays; the next check retries
		}()
	}
	return idx, nil
}

// refresh checks the version and reloads the index if it changed.
func (f *Finder) refresh(ctx context.Context) (*index, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.forced.Store(false)
	version, err := catalogVersion(ctx, f.db)
	if err != nil {
		return nil, err
	}
	idx := f.idx.Load()
	if idx == nil || idx.version != version {
		if idx, err = loadIndex(ctx, f.db); err != nil {
			return nil, err
		}
		f.idx.Store(idx)
	}
	f.checked.Store(time.Now().UnixNano())
	return idx, nil
}

func catalogVersion(ctx context.Context, q store.Querier) (int64, error) {
	var v int64
	err := q.QueryRowContext(ctx, "SELECT version FROM catalog_version WHERE id = 1").Scan(&v)
	return v, wrapErr(err, "read catalog version")
}

// index is one immutable snapshot of what the finder needs.
type index struct {
	version     int64
	parent      map[string]string // ARS → parent ARS ("" for the root)
	level       map[string]Level
	resp        map[indexKey][]entry // sorted by audience, then authority id
	authorities map[int64]Authority
}

type indexKey struct {
	tenant  tenant.ID
	service string
	ars     string
}

type entry struct {
	audience  Audience
	authority int64
}

// loadIndex reads a consistent snapshot (one read transaction on
// PostgreSQL; SQLite's single reader statements see committed data).
func loadIndex(ctx context.Context, q store.Querier) (*index, error) {
	version, err := catalogVersion(ctx, q)
	if err != nil {
		return nil, err
	}
	idx := &index{version: version, parent: map[string]string{}, level: map[string]Level{},
		resp: map[indexKey][]entry{}, authorities: map[int64]Authority{}}
	if err := idx.loadRegions(ctx, q); err != nil {
		return nil, err
	}
	rs, err := queryResponsibilities(ctx, q, `SELECT id, tenant_id, service_key, region_ars, audience, authority_id
		FROM responsibility ORDER BY audience, authority_id`)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		k := indexKey{r.TenantID, r.ServiceKey, r.RegionARS}
		idx.resp[k] = append(idx.resp[k], entry{r.Audience, r.AuthorityID})
	}
	as, err := queryAuthorities(ctx, q, "SELECT "+authorityColumns+" FROM authority")
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		idx.authorities[a.ID] = a
	}
	return idx, nil
}

func (idx *index) loadRegions(ctx context.Context, q store.Querier) error {
	rows, err := q.QueryContext(ctx, "SELECT ars, COALESCE(parent_ars, ''), level FROM region")
	if err != nil {
		return fmt.Errorf("load regions: %w", err)
	}
	err = store.ForEach(rows, nil, func(row store.Row) error {
		var ars, parent string
		var level Level
		if err := row.Scan(&ars, &parent, &level); err != nil {
			return fmt.Errorf("load regions: %w", err)
		}
		idx.parent[ars], idx.level[ars] = parent, level
		return nil
	})
	return err
}

// find walks from ars up to the root; see Find for the rules.
func (idx *index) find(tenantID tenant.ID, serviceKey, ars string, audience Audience) (Authority, error) {
	if _, ok := idx.parent[ars]; !ok {
		return Authority{}, fault.New(fault.NotFound, "no region with ARS %s", ars)
	}
	keys := [2]string{serviceKey, GroupOf(serviceKey)}
	for r := ars; r != ""; r = idx.parent[r] {
		for _, key := range keys {
			if key == "" {
				continue
			}
			if id, ok := best(idx.resp[indexKey{tenantID, key, r}], audience); ok {
				return idx.authorities[id], nil
			}
		}
	}
	return Authority{}, noAuthority(serviceKey, ars)
}

// best picks the entry with the lowest audienceRank; entries are sorted by
// audience and authority id, so the first of a rank wins ties.
func best(entries []entry, audience Audience) (int64, bool) {
	bestRank, id := 3, int64(0)
	for _, e := range entries {
		if r := audienceRank(audience, e.audience); r >= 0 && r < bestRank {
			bestRank, id = r, e.authority
		}
	}
	return id, bestRank < 3
}
