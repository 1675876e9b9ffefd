package account_test

import (
	"errors"
	"testing"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestDemoWaiverOnlyForDemoAccountsInDemoMode: SeedDemoStaff creates the
// demo accounts once (one argon2 computation for a shared password) and
// marks them; in demo mode (Config.DemoWaiver) their password login is
// complete at once, even after someone enrolled a TOTP on them; a real
// staff account still has to enrol; without demo mode the demo accounts
// owe their second factor like everyone else.
func TestDemoWaiverOnlyForDemoAccountsInDemoMode(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, func(c *account.Config) { c.DemoWaiver = true })
		roles := []account.StaffRole{{AuthorityID: 7, Role: account.RoleCaseWorker}}
		demo := []account.NewStaff{
			{TenantID: f.tenant, Email: "sachbearbeitung@demo.amtsweg.example", Name: "Sandra Lehmann", Password: goodPassword, Roles: roles},
			{TenantID: f.tenant, Email: "leitung@demo.amtsweg.example", Name: "Frank Richter", Password: goodPassword,
				Roles: []account.StaffRole{{AuthorityID: 7, Role: account.RoleHeadOfUnit}}},
		}
		before := f.hashes.Load()
		if n, err := f.s.SeedDemoStaff(ctx(), "system:demo", demo); err != nil || n != 2 {
			t.Fatalf("seed demo staff: %d, %v", n, err)
		}
		if h := f.hashes.Load() - before; h != 1 {
			t.Errorf("seeding hashed %d times, want once for the shared password", h)
		}
		if n, err := f.s.SeedDemoStaff(ctx(), "system:demo", demo); err != nil || n != 0 {
			t.Fatalf("second seeding created %d (%v), want none", n, err)
		}
		if _, _, err := f.s.CreateStaff(ctx(), "cli", account.NewStaff{TenantID: f.tenant, Email: "echt@amt.example",
			Name: "Echte Beschäftigte", Password: goodPassword, Roles: roles}); err != nil {
			t.Fatal(err)
		}
		if ss, _ := f.login(t, "sachbearbeitung@demo.amtsweg.example", ""); ss.Stage != account.StageComplete {
			t.Errorf("demo account in demo mode: stage %s, want complete", ss.Stage)
		}
		if ss, _ := f.login(t, "echt@amt.example", ""); ss.Stage != account.StageEnrol {
			t.Errorf("real staff account in demo mode: stage %s, want enrol", ss.Stage)
		}
		a, err := account.ByEmail(ctx(), db, f.tenant, "leitung@demo.amtsweg.example")
		if err != nil || !a.Demo {
			t.Fatalf("demo account not marked: %+v %v", a, err)
		}
		if _, err := f.s.EnrolTOTP(ctx(), a.ID); err != nil {
			t.Fatal(err)
		}
		if ss, _ := f.login(t, "leitung@demo.amtsweg.example", ""); ss.Stage != account.StageComplete {
			t.Errorf("demo account with a TOTP set up by a visitor: stage %s, want complete", ss.Stage)
		}

		cfg := account.DefaultConfig()
		cfg.Password = cheapParams()
		cfg.Secrets = blobtest.Keys(t, db)
		plain, err := account.New(db, cfg, f.clock.Now)
		if err != nil {
			t.Fatal(err)
		}
		a, err = plain.Authenticate(ctx(), f.tenant, "sachbearbeitung@demo.amtsweg.example", goodPassword, "192.0.2.1:4711")
		if err != nil {
			t.Fatal(err)
		}
		// Without demo mode a demo account (its password is public) gets
		// no session at all, not even one to enrol a second factor in.
		if _, _, err := plain.StartSession(ctx(), a, account.SessionStart{Level: account.LevelLow, Method: account.MethodPassword}); !errors.Is(err, account.ErrDemoOnly) {
			t.Errorf("demo account without demo mode: %v, want ErrDemoOnly", err)
		}
	})
}

// TestDemoAccountsStayUsable: in demo mode nobody can lock a demo account
// out with wrong passwords, change its password or address, or delete
// it — its password is on the login page for every visitor; a real
// account is still locked after the failures the policy allows.
func TestDemoAccountsStayUsable(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, func(c *account.Config) { c.DemoWaiver = true })
		roles := []account.StaffRole{{AuthorityID: 7, Role: account.RoleCaseWorker}}
		if _, err := f.s.SeedDemoStaff(ctx(), "system:demo", []account.NewStaff{{TenantID: f.tenant,
			Email: "sachbearbeitung@demo.amtsweg.example", Name: "Sandra Lehmann", Password: goodPassword, Roles: roles}}); err != nil {
			t.Fatal(err)
		}
		f.citizen(t, "erika@example.org")
		for i := 0; i < account.DefaultLockoutPolicy().Failures+2; i++ {
			f.s.Authenticate(ctx(), f.tenant, "sachbearbeitung@demo.amtsweg.example", "falsch-falsch-falsch", "")
			f.s.Authenticate(ctx(), f.tenant, "erika@example.org", "falsch-falsch-falsch", "")
		}
		if _, err := f.s.Authenticate(ctx(), f.tenant, "erika@example.org", goodPassword, ""); !errors.Is(err, account.ErrLoginLocked) {
			t.Errorf("a citizen after many wrong passwords: %v, want locked", err)
		}
		a, err := f.s.Authenticate(ctx(), f.tenant, "sachbearbeitung@demo.amtsweg.example", goodPassword, "")
		if err != nil {
			t.Fatalf("the demo account after many wrong passwords: %v, want it usable", err)
		}
		if err := f.s.ChangePassword(ctx(), a.ID, goodPassword, "Ein-anderes-Passwort-2026", ""); !errors.Is(err, account.ErrDemoAccount) {
			t.Errorf("password change of the demo account: %v", err)
		}
		if _, err := f.s.RequestEmailChange(ctx(), a.ID, "meins@example.org"); !errors.Is(err, account.ErrDemoAccount) {
			t.Errorf("e-mail change of the demo account: %v", err)
		}
		if err := f.s.Delete(ctx(), "test", a.ID); !errors.Is(err, account.ErrDemoAccount) {
			t.Errorf("deletion of the demo account: %v", err)
		}
		if _, err := f.s.Authenticate(ctx(), f.tenant, "sachbearbeitung@demo.amtsweg.example", goodPassword, ""); err != nil {
			t.Errorf("the demo account after the refused changes: %v", err)
		}
	})
}
