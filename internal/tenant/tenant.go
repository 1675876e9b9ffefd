// Package tenant manages tenants (Mandanten): a state, a group of
// municipalities or an operator served by one installation ("Einer für
// Alle"). The request's host name selects the tenant.
package tenant

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Tenant is one Mandant of the installation.
type Tenant struct {
	ID    int64
	Slug  string   // short code in URLs and reference numbers, e.g. "sn"
	Name  string   // shown in the header, e.g. "Freistaat Sachsen"
	Hosts []string // host names that select this tenant
	// Branding is the tenant's look and legal texts (branding.go).
	Branding Branding
}

var slugRE = regexp.MustCompile(`^[a-z][a-z0-9-]{1,30}$`)

// Validate checks the tenant's fields.
func (t Tenant) Validate() error {
	var fe []fault.FieldError
	if !slugRE.MatchString(t.Slug) {
		fe = append(fe, fault.FieldError{Field: "slug", Key: "tenant.slug.invalid", Text: "2–31 lowercase letters, digits or '-', starting with a letter"})
	}
	if strings.TrimSpace(t.Name) == "" {
		fe = append(fe, fault.FieldError{Field: "name", Key: "field.required", Text: "name is required"})
	}
	fe = append(fe, t.Branding.check()...)
	if len(fe) > 0 {
		return fault.Fields("invalid tenant", fe...)
	}
	return nil
}

// Create stores a new tenant and records it in the audit log.
func Create(ctx context.Context, db *store.DB, actor string, t Tenant) (Tenant, error) {
	if err := t.Validate(); err != nil {
		return t, err
	}
	err := db.Tx(ctx, func(tx *sql.Tx) error {
		theme, err := t.Branding.Theme.encode()
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO tenant (slug, name, hosts, created_at, logo_url, theme, imprint, privacy)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
			t.Slug, t.Name, strings.Join(t.Hosts, " "), time.Now().UTC(),
			t.Branding.LogoURL, theme, t.Branding.Imprint, t.Branding.Privacy).Scan(&t.ID)
		if err != nil {
			return fault.Wrap(err, fault.Conflict, "tenant %q exists already", t.Slug)
		}
		return audit.Append(ctx, tx, db.Dialect, audit.Entry{TenantID: t.ID, Actor: actor,
			Action: "tenant.create", ObjectType: "tenant", ObjectID: t.Slug})
	})
	return t, err
}

// List returns all tenants ordered by id.
func List(ctx context.Context, q store.Querier) ([]Tenant, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+columns+" FROM tenant ORDER BY id")
	if err != nil {
		return nil, fmt.Errorf("list tenants: %w", err)
	}
	defer rows.Close()
	var out []Tenant
	for rows.Next() {
		t, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// BySlug returns the tenant with slug.
func BySlug(ctx context.Context, q store.Querier, slug string) (Tenant, error) {
	row := q.QueryRowContext(ctx, "SELECT "+columns+" FROM tenant WHERE slug = $1", slug)
	t, err := scan(row)
	if errors.Is(err, sql.ErrNoRows) {
		return t, fault.New(fault.NotFound, "no tenant %q", slug)
	}
	return t, err
}

type scanner interface{ Scan(dest ...any) error }

const columns = "id, slug, name, hosts, logo_url, theme, imprint, privacy"

func scan(s scanner) (Tenant, error) {
	var t Tenant
	var hosts, theme string
	b := &t.Branding
	if err := s.Scan(&t.ID, &t.Slug, &t.Name, &hosts, &b.LogoURL, &theme, &b.Imprint, &b.Privacy); err != nil {
		return t, err
	}
	t.Hosts = strings.Fields(hosts)
	var err error
	if b.Theme, err = decodeTheme(theme); err != nil {
		return t, fmt.Errorf("tenant %s: %w", t.Slug, err)
	}
	return t, nil
}

// Resolver picks the tenant for a request host. It holds the tenant list in
// memory; Reload refreshes it after a change.
type Resolver struct {
	byHost map[string]Tenant
	bySlug map[string]Tenant
	first  Tenant
	ok     bool
}

// NewResolver loads all tenants.
func NewResolver(ctx context.Context, q store.Querier) (*Resolver, error) {
	ts, err := List(ctx, q)
	if err != nil {
		return nil, err
	}
	r := &Resolver{byHost: map[string]Tenant{}, bySlug: map[string]Tenant{}}
	for i, t := range ts {
		r.bySlug[t.Slug] = t
		if i == 0 {
			r.first, r.ok = t, true
		}
		for _, h := range t.Hosts {
			r.byHost[strings.ToLower(h)] = t
		}
	}
	return r, nil
}

// ForHost returns the tenant configured for host (port ignored); a host no
// tenant claims gets the first tenant, so a single-tenant installation needs
// no host configuration. It fails only when there is no tenant at all.
func (r *Resolver) ForHost(host string) (Tenant, error) {
	h := strings.ToLower(host)
	if i := strings.LastIndexByte(h, ':'); i > 0 && !strings.HasSuffix(h, "]") {
		h = h[:i]
	}
	if t, ok := r.byHost[h]; ok {
		return t, nil
	}
	if r.ok {
		return r.first, nil
	}
	return Tenant{}, fault.New(fault.NotFound, "no tenant is configured")
}

// BySlug returns the loaded tenant with slug (for the per-tenant
// stylesheet, which names its tenant in the path, not by host).
func (r *Resolver) BySlug(slug string) (Tenant, bool) {
	t, ok := r.bySlug[slug]
	return t, ok
}
