package demo_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/demo"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestSeedResumesAndServesEveryDemoService: a first start that stopped
// right after creating the tenant is completed by the next start; a
// completed demo is left alone; every seed service of the catalog demo has
// an online procedure, so its service page offers "apply online".
func TestSeedResumesAndServesEveryDemoService(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		// The cut-off first start: only the tenant exists.
		if _, err := tenant.Create(ctx, db, "test", tenant.Tenant{Slug: demo.TenantSlug, Name: "Freistaat Sachsen"}); err != nil {
			t.Fatal(err)
		}
		if err := demo.Seed(ctx, db, log); err != nil {
			t.Fatalf("resume seeding: %v", err)
		}
		served, err := procedure.Served(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range catalog.DemoServices {
			if served[key] == "" {
				t.Errorf("demo service %s has no demo procedure", key)
			}
		}
		ts, err := tenant.List(ctx, db)
		if err != nil || len(ts) != 2 {
			t.Fatalf("tenants after seeding: %v, %v", ts, err)
		}
		var before, after int
		db.QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_log").Scan(&before)
		if err := demo.Seed(ctx, db, log); err != nil {
			t.Fatal(err)
		}
		db.QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_log").Scan(&after)
		if after != before {
			t.Fatalf("a second seeding changed the database (%d → %d audit entries)", before, after)
		}
	})
}

// TestSeedLeavesForeignInstallations: an installation with its own tenant
// is not given demo content.
func TestSeedLeavesForeignInstallations(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	if _, err := tenant.Create(ctx, db, "test", tenant.Tenant{Slug: "by", Name: "Freistaat Bayern"}); err != nil {
		t.Fatal(err)
	}
	if err := demo.Seed(ctx, db, slog.New(slog.NewTextHandler(io.Discard, nil))); err != nil {
		t.Fatal(err)
	}
	if _, err := tenant.BySlug(ctx, db, demo.TenantSlug); err == nil {
		t.Fatal("demo tenant created in a foreign installation")
	}
}
