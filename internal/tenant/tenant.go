// Package tenant manages tenants (Mandanten): a state, a group of
// municipalities or an operator served by one installation ("Einer für
// Alle"). The request's host name selects the tenant.
//
// # Where the tenant comes from
//
// Only from two places, never from a form, query or path parameter:
//
//   - the request's host name, through Resolver.ForHost in the web and API
//     middleware (a host no tenant claims gets the first tenant);
//   - the authenticated principal, which belongs to exactly one tenant:
//     a session (account_session.tenant_id, accepted only on its own
//     tenant's host), a back-office Staff or tenant admin (casework,
//     account.RequireTenantAdmin), an API client (api_client.tenant_id,
//     accepted only on its tenant's host).
//
// Ids from the request (a case reference, an authority or delivery id) are
// always looked up within that tenant, so another tenant's id is simply
// not found.
//
// # How it flows, and the guard
//
// Capability functions take the tenant id or a principal carrying it, and
// their SQL constrains tenant_id. TestQueriesAreTenantScoped (scope_test.go)
// makes that structural: it reads every table with a tenant_id column from
// the migrated schema, parses all non-test Go code under internal/, folds
// the SQL strings passed to calls (constants, concatenation, builders) and
// fails for a statement on such a table that neither constrains tenant_id
// (WHERE/ON, or inserts it), nor is keyed after a tenant-scoped lookup in
// the same function by the looked-up row's id or a composite tenant key
// (below), nor is named in its crossTenant list with a reason. That list is checked to still match and holds only deliberate
// exceptions: lookups by a bearer secret (sessions, API client secrets)
// whose row's tenant is then compared with the host's; account.ByID, the
// account of a session the caller authenticated on this host; apply's
// owner-checked application rows; jobs that know only a row id
// (casework's FileReceiptJob, routing) or work across tenants by design
// — draft expiry, retention, the webhook and FIT-Connect dispatchers (each
// row carries its tenant onward); and
// installation-wide reads — the catalog's in-memory index, change
// fingerprints and audit verification. Where the caller holds the tenant
// (a Staff principal, an Applicant, a case loaded within its tenant, an
// account's own sessions, profile and organisations), the statement
// constrains tenant_id itself, so a foreign id is not found by the
// database rather than rejected in Go.
//
// # What the database enforces
//
// Links between tenant-scoped rows are composite foreign keys (migration
// 00160): the child carries tenant_id and references the parent by
// (tenant_id, id), e.g. case_record (tenant_id, authority_id) REFERENCES
// authority (tenant_id, id). On both engines the database refuses a case
// of one tenant for another tenant's authority or application; a request,
// notice or FIT-Connect copy for another tenant's case, application or
// authority; a message or guest link for another tenant's
// application; a session or external identity for another tenant's
// account; and a responsibility, clearing office, FIT-Connect key or
// parent for another tenant's authority, a FIT-Connect destination for
// another tenant's authority and an inbox entry for another tenant's
// destination (migration 00245) (store's
// TestDatabaseRefusesCrossTenantLinks). Links still by value, checked in
// Go only: staff_role.authority_id (0 means the whole tenant, and the
// table has no tenant_id); mailbox_message.case_id (the purge deletes
// the case before the application its messages go with);
// akte_file.case_id (casework.PurgeTx may purge a case whose file is
// still there); fitconnect_inbox.application_id (the purge deletes the
// application, the inbox keeps its decision); the event
// outbox's ids (events outlive their rows); and, not bound yet though a
// key would fit, application's account_id, org_id and authority_id,
// case_record's assignee and applicant account, case_seal_key and
// api_client's authority_id. Tables without
// tenant_id that join two tenant-scoped rows (org_member, api_ack,
// webhook_delivery) are not bound either: they would first need a
// tenant_id column that their writers fill.
//
// The keys guard links, not reads: a statement that picks a row by a bare
// id from the request still finds another tenant's row unless it
// constrains tenant_id, which is what the guard above keeps checking.
//
// PostgreSQL row-level security is still not used. It would guard reads
// too, but needs a per-request session setting (SET app.tenant) on pooled
// connections, reset on every return to the pool, and policies that the
// cross-tenant jobs (retention, dispatchers, the job queue) must bypass
// with a second role; SQLite has no counterpart, so it would be an
// engine-specific second model that the SQLite tests cannot show. The
// composite keys give the part that both engines can enforce alike — no
// row links two tenants — and the guard covers the reads on both.
//
// # Changes without restart
//
// Resolver keeps the tenant list in memory and, at most every
// DefaultRefresh, compares a fingerprint (count, highest id, sum of the
// change counter tenant.version that every change increments) with the
// database, reloading only when it moved; so `amtsweg tenant create` and
// branding changes made by another process reach every running server.
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
	ID    ID
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
	err := db.Tx(ctx, func(tx *store.Tx) error {
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
		return audit.Append(ctx, tx, audit.Entry{TenantID: int64(t.ID), Actor: actor,
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
	return store.Collect(rows, nil, scan)
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

type scanner = store.Row

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
