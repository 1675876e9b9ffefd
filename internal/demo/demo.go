// Package demo fills an empty database with demo content (Demodaten) for
// `amtsweg serve --demo`: the tenant "Freistaat Sachsen" and, from the
// capability packages, their demo data: the real LeiKa catalog, the whole
// region tree with postal codes, the Saxon example authorities with their
// responsibilities (package catalog) and the demo procedures (package
// procedure). Seeding is idempotent: it only acts on an empty installation.
package demo

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TenantSlug is the demo tenant's short code.
const TenantSlug = "sn"

// Seed creates the demo content. Every step is idempotent, and completion
// is recorded in the audit log ("demo.seeded"): a start that was cut off
// half-way (a crash during the first seeding) finishes the job on the next
// start, and a completed demo is not touched again. An installation whose
// tenants are not the demo's is never seeded.
func Seed(ctx context.Context, db *store.DB, log *slog.Logger) error {
	done, err := seeded(ctx, db)
	if err != nil || done {
		if done {
			log.Info("demo: already seeded")
		}
		return err
	}
	ts, err := tenant.List(ctx, db)
	if err != nil {
		return err
	}
	for _, t := range ts {
		if t.Slug != TenantSlug && t.Slug != SecondTenantSlug {
			log.Info("demo: installation has its own tenants, not seeding", "tenant", t.Slug)
			return nil
		}
	}
	start := time.Now()
	t, err := ensureTenant(ctx, db, tenant.Tenant{Slug: TenantSlug, Name: "Freistaat Sachsen"})
	if err != nil {
		return err
	}
	if err := catalog.SeedDemo(ctx, db, t.ID); err != nil {
		return err
	}
	catalogDone := time.Now()
	if err := procedure.SeedDemo(ctx, db); err != nil {
		return err
	}
	if err := seedSecondTenant(ctx, db); err != nil { // thueringen.go
		return err
	}
	if err := seedNoticeRules(ctx, db); err != nil { // notice.go
		return err
	}
	log.Info("demo: seeded", "tenant", t.Slug,
		"catalog", catalogDone.Sub(start).Round(time.Millisecond),
		"procedures", time.Since(catalogDone).Round(time.Millisecond))
	return db.Tx(ctx, func(tx *store.Tx) error {
		return audit.Append(ctx, tx, audit.Entry{Actor: "system:demo", Action: "demo.seeded",
			ObjectType: "installation", ObjectID: "demo"})
	})
}

// seeded reports whether a previous start completed the demo.
func seeded(ctx context.Context, db *store.DB) (bool, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_log WHERE action = 'demo.seeded'`).Scan(&n)
	return n > 0, err
}

// ensureTenant returns the tenant with t's slug, creating it if missing.
func ensureTenant(ctx context.Context, db *store.DB, t tenant.Tenant) (tenant.Tenant, error) {
	got, err := tenant.BySlug(ctx, db, t.Slug)
	if fault.Is(err, fault.NotFound) {
		got, err = tenant.Create(ctx, db, "system:demo", t)
	}
	if err != nil {
		return got, fmt.Errorf("demo tenant %s: %w", t.Slug, err)
	}
	return got, nil
}
