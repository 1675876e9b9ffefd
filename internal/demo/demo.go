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

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TenantSlug is the demo tenant's short code.
const TenantSlug = "sn"

// Seed creates the demo content unless a tenant exists already.
func Seed(ctx context.Context, db *store.DB, log *slog.Logger) error {
	ts, err := tenant.List(ctx, db)
	if err != nil {
		return err
	}
	if len(ts) > 0 {
		log.Info("demo: database has content, not seeding")
		return nil
	}
	start := time.Now()
	t, err := tenant.Create(ctx, db, "system:demo", tenant.Tenant{Slug: TenantSlug, Name: "Freistaat Sachsen"})
	if err != nil {
		return fmt.Errorf("demo tenant: %w", err)
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
	log.Info("demo: seeded", "tenant", t.Slug,
		"catalog", catalogDone.Sub(start).Round(time.Millisecond),
		"procedures", time.Since(catalogDone).Round(time.Millisecond))
	return nil
}
