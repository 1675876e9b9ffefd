package demo_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/catalog"
	"github.com/amtsweg/amtsweg/internal/demo"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestSeedStaff, on every engine: after the demo and the clearing offices
// exist, SeedStaff creates every listed demo account in its tenant with
// its role at the listed authority, marked as a demo account and able to
// log in with the listed password; the Saxon office is where "Wohnsitz
// anmelden" from Dresden (the demo's address) really lands; a second run
// changes nothing.
func TestSeedStaff(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		_, accounts := seedWithStaff(t, db, log)
		for _, slug := range []string{demo.TenantSlug, demo.SecondTenantSlug} {
			checkTenantStaff(t, db, accounts, slug)
		}
		sn, err := tenant.BySlug(ctx, db, demo.TenantSlug)
		check(t, err)
		office, err := catalog.NewFinder(db).Find(ctx, sn.ID, "99115005104000", "146120000000", catalog.AudienceCitizens)
		check(t, err)
		if want := demo.StaffAccounts(demo.TenantSlug)[0].AuthorityKey; office.Key != want {
			t.Errorf("Wohnsitz anmelden in Dresden lands at %s, the demo case worker works at %s", office.Key, want)
		}
		var before, after int
		db.QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_log").Scan(&before)
		check(t, demo.SeedStaff(ctx, db, accounts, log))
		db.QueryRowContext(ctx, "SELECT COUNT(*) FROM audit_log").Scan(&after)
		if after != before {
			t.Fatalf("a second staff seeding changed the database (%d → %d audit entries)", before, after)
		}
	})
}

// checkTenantStaff checks the demo accounts of one tenant.
func checkTenantStaff(t *testing.T, db *store.DB, accounts *account.Service, slug string) {
	t.Helper()
	ctx := context.Background()
	tn, err := tenant.BySlug(ctx, db, slug)
	check(t, err)
	list := demo.StaffAccounts(slug)
	if len(list) != 3 {
		t.Fatalf("%s: %d demo staff accounts, want case worker, head of unit and tenant admin", slug, len(list))
	}
	for _, s := range list {
		a, err := accounts.Authenticate(ctx, tn.ID, s.Email, s.Password, "")
		if err != nil {
			t.Fatalf("%s: %s cannot log in: %v", slug, s.Email, err)
		}
		if !a.Demo || a.Kind != account.KindStaff || a.Name != s.Name {
			t.Errorf("%s: %s is %+v, want a demo staff account", slug, s.Email, a)
		}
		want, err := demo.StaffAuthority(ctx, db, tn.ID, s)
		check(t, err)
		ok, err := account.HasRole(ctx, db, a.ID, want, s.Role)
		if err != nil || !ok || (s.Role != account.RoleTenantAdmin && want == 0) {
			t.Errorf("%s: %s lacks role %s at authority %d (%v)", slug, s.Email, s.Role, want, err)
		}
	}
}

// TestSeedStaffLeavesForeignInstallations: without a completed demo no
// demo staff account is created.
func TestSeedStaffLeavesForeignInstallations(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t, store.SQLite)
	ctx := context.Background()
	tn, err := tenant.Create(ctx, db, "test", tenant.Tenant{Slug: demo.TenantSlug, Name: "Freistaat Sachsen"})
	check(t, err)
	accounts, err := account.New(db, account.DefaultConfig(), time.Now)
	check(t, err)
	check(t, demo.SeedStaff(ctx, db, accounts, slog.New(slog.NewTextHandler(io.Discard, nil))))
	if _, err := account.ByEmail(ctx, db, tn.ID, demo.StaffAccounts(demo.TenantSlug)[0].Email); err == nil {
		t.Fatal("demo staff created without the demo")
	}
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
