package account_test

import (
	"testing"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestDelete removes personal data, keeps a tombstone, ends sessions and
// frees the address for a new sign-up.
func TestDelete(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a := f.citizen(t, "erika@example.org")
		_, token := f.login(t, "erika@example.org", "")
		if err := f.s.Delete(ctx(), account.Actor(a.ID), a.ID); err != nil {
			t.Fatal(err)
		}
		tomb, err := account.ByID(ctx(), db, a.ID)
		if err != nil || tomb.State != account.StateDeleted || tomb.Email != "" || tomb.Name != "" || passwordHash(t, db, a.ID) != "" {
			t.Fatalf("tombstone %+v, %v", tomb, err)
		}
		if _, err := f.s.Session(ctx(), token); err == nil {
			t.Fatal("session survived deletion")
		}
		if _, err := f.s.Authenticate(ctx(), f.tenant, "erika@example.org", goodPassword, "192.0.2.1"); !fault.Is(err, fault.Unauthorized) {
			t.Fatalf("deleted account logs in: %v", err)
		}
		if b := f.citizen(t, "erika@example.org"); b.ID == a.ID {
			t.Fatal("new sign-up reused the tombstone")
		}
		verifyAudit(t, db)
	})
}

// TestCreateStaff validates roles and, without a password, hands out a
// set-up link.
func TestCreateStaff(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		cases := []struct {
			name  string
			roles []account.StaffRole
			ok    bool
		}{
			{"case worker at two authorities", []account.StaffRole{{AuthorityID: 1, Role: account.RoleCaseWorker}, {AuthorityID: 2, Role: account.RoleHeadOfUnit}}, true},
			{"no role", nil, false},
			{"unknown role", []account.StaffRole{{AuthorityID: 1, Role: "king"}}, false},
			{"case worker without authority", []account.StaffRole{{Role: account.RoleCaseWorker}}, false},
			{"tenant admin", []account.StaffRole{{Role: account.RoleTenantAdmin}}, true},
		}
		for i, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				email := "staff" + string(rune('a'+i)) + "@amt.example"
				a, m, err := f.s.CreateStaff(ctx(), "cli", account.NewStaff{TenantID: f.tenant, Email: email, Roles: c.roles})
				if c.ok != (err == nil) {
					t.Fatalf("err = %v, want ok=%v", err, c.ok)
				}
				if !c.ok {
					return
				}
				if a.Kind != account.KindStaff || m.Kind != account.MailReset || m.Token == "" {
					t.Fatalf("account %+v, mail %+v", a, m)
				}
				roles, _ := account.StaffRoles(ctx(), db, a.ID)
				if len(roles) != len(c.roles) {
					t.Fatalf("roles %v, want %v", roles, c.roles)
				}
				ok, _ := account.HasRole(ctx(), db, a.ID, 2, account.RoleHeadOfUnit)
				if ok != (i == 0 || c.roles[0].Role == account.RoleTenantAdmin) {
					t.Fatalf("HasRole(2, head_of_unit) = %v", ok)
				}
			})
		}
	})
}
