package tenant

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// DefaultRefresh is how often a Resolver asks the database whether the
// tenants changed.
const DefaultRefresh = 2 * time.Second

// Resolver picks the tenant for a request host (Mandantenauswahl). It
// holds the tenant list in memory and notices changes made by any process
// — `amtsweg tenant create`, the admin pages of another server — without a
// restart: at most every refresh interval one request asks the database
// for the tenants' fingerprint (count, highest id, sum of the change
// counters), and only when it moved is the list read again. Other requests
// keep using the current list meanwhile; a failed check keeps it too.
type Resolver struct {
	q       store.Querier
	every   time.Duration
	mu      sync.Mutex // guards checked and checking
	checked time.Time
	snap    snapshotPtr
}

// snapshot is one loaded tenant list.
type snapshot struct {
	byHost      map[string]Tenant
	bySlug      map[string]Tenant
	first       Tenant
	ok          bool
	fingerprint string
}

// NewResolver loads all tenants; it refreshes every DefaultRefresh.
func NewResolver(ctx context.Context, q store.Querier) (*Resolver, error) {
	return NewResolverEvery(ctx, q, DefaultRefresh)
}

// NewResolverEvery is NewResolver with its own refresh interval.
func NewResolverEvery(ctx context.Context, q store.Querier, every time.Duration) (*Resolver, error) {
	r := &Resolver{q: q, every: every, checked: time.Now()}
	fp, err := fingerprint(ctx, q)
	if err != nil {
		return nil, err
	}
	sn, err := load(ctx, q, fp)
	if err != nil {
		return nil, err
	}
	r.snap.Store(sn)
	return r, nil
}

// fingerprint changes whenever a tenant is created or changed.
func fingerprint(ctx context.Context, q store.Querier) (string, error) {
	var n, maxID, versions int64
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(id), 0), COALESCE(SUM(version), 0) FROM tenant`).
		Scan(&n, &maxID, &versions); err != nil {
		return "", fmt.Errorf("tenant fingerprint: %w", err)
	}
	return fmt.Sprintf("%d/%d/%d", n, maxID, versions), nil
}

func load(ctx context.Context, q store.Querier, fp string) (*snapshot, error) {
	ts, err := List(ctx, q)
	if err != nil {
		return nil, err
	}
	sn := &snapshot{byHost: map[string]Tenant{}, bySlug: map[string]Tenant{}, fingerprint: fp}
	for i, t := range ts {
		sn.bySlug[t.Slug] = t
		if i == 0 {
			sn.first, sn.ok = t, true
		}
		for _, h := range t.Hosts {
			sn.byHost[strings.ToLower(h)] = t
		}
	}
	return sn, nil
}

// current returns the tenant list, first refreshing it when the interval
// has passed (one caller at a time does the check; the others go on).
func (r *Resolver) current() *snapshot {
	r.mu.Lock()
	due := time.Since(r.checked) >= r.every
	if due {
		r.checked = time.Now()
	}
	r.mu.Unlock()
	if due {
		r.Refresh(context.Background())
	}
	return r.snap.Load()
}

// Refresh checks the fingerprint now and reloads the list if it moved.
// Errors keep the current list (the next interval tries again).
func (r *Resolver) Refresh(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	fp, err := fingerprint(ctx, r.q)
	if err != nil || fp == r.snap.Load().fingerprint {
		return err
	}
	sn, err := load(ctx, r.q, fp)
	if err != nil {
		return err
	}
	r.snap.Store(sn)
	return nil
}

// ForHost returns the tenant configured for host (port ignored); a host no
// tenant claims gets the first tenant, so a single-tenant installation needs
// no host configuration. It fails only when there is no tenant at all.
func (r *Resolver) ForHost(host string) (Tenant, error) {
	sn := r.current()
	if t, ok := sn.byHost[hostName(host)]; ok {
		return t, nil
	}
	if sn.ok {
		return sn.first, nil
	}
	return Tenant{}, fault.New(fault.NotFound, "no tenant is configured")
}

// BySlug returns the loaded tenant with slug (for the per-tenant
// stylesheet, which names its tenant in the path, not by host).
func (r *Resolver) BySlug(slug string) (Tenant, bool) {
	t, ok := r.current().bySlug[slug]
	return t, ok
}

// snapshotPtr is an atomic pointer to the current list.
type snapshotPtr = atomic.Pointer[snapshot]
