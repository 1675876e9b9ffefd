package account_test

import (
	"errors"
	"testing"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestOrganisation: members act for the organisation, others do not; the
// last admin can neither leave, nor be demoted or removed, nor delete the
// account; with a second admin all of that works.
func TestOrganisation(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		boss := f.citizen(t, "chefin@firma.example")
		clerk := f.citizen(t, "buero@firma.example")
		stranger := f.citizen(t, "fremd@example.org")
		org, err := f.s.CreateOrganisation(ctx(), boss.ID, "Muster GmbH")
		if err != nil {
			t.Fatal(err)
		}
		tn := boss.TenantID
		if err := f.s.AddMember(ctx(), tn, clerk.ID, org.ID, stranger.ID, false); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("non-admin adds a member: %v, want Forbidden", err)
		}
		if err := f.s.AddMember(ctx(), tn, boss.ID, org.ID, clerk.ID, false); err != nil {
			t.Fatal(err)
		}
		acts := []struct {
			who  int64
			want bool
		}{{boss.ID, true}, {clerk.ID, true}, {stranger.ID, false}}
		for _, a := range acts {
			if ok, err := f.s.CanActFor(ctx(), tn, a.who, org.ID); err != nil || ok != a.want {
				t.Errorf("CanActFor(%d) = %v, %v; want %v", a.who, ok, err, a.want)
			}
		}
		lastAdmin := []struct {
			name string
			do   func() error
		}{
			{"leave", func() error { return f.s.RemoveMember(ctx(), tn, boss.ID, org.ID, boss.ID) }},
			{"demote self", func() error { return f.s.SetAdmin(ctx(), tn, boss.ID, org.ID, boss.ID, false) }},
			{"delete account", func() error { return f.s.Delete(ctx(), account.Actor(boss.ID), boss.ID) }},
		}
		for _, c := range lastAdmin {
			if err := c.do(); !errors.Is(err, account.ErrLastAdmin) {
				t.Errorf("last admin may %s: %v", c.name, err)
			}
		}
		if err := f.s.RemoveMember(ctx(), tn, clerk.ID, org.ID, boss.ID); !fault.Is(err, fault.Forbidden) {
			t.Fatalf("member removes the admin: %v, want Forbidden", err)
		}
		if err := f.s.SetAdmin(ctx(), tn, boss.ID, org.ID, clerk.ID, true); err != nil {
			t.Fatal(err)
		}
		if err := f.s.RemoveMember(ctx(), tn, boss.ID, org.ID, boss.ID); err != nil {
			t.Fatalf("admin leaves while another admin stays: %v", err)
		}
		if ok, _ := f.s.CanActFor(ctx(), tn, boss.ID, org.ID); ok {
			t.Fatal("former member still acts for the organisation")
		}
		if err := f.s.SetAdmin(ctx(), tn, clerk.ID, org.ID, clerk.ID, false); !errors.Is(err, account.ErrLastAdmin) {
			t.Fatalf("new last admin demotes self: %v", err)
		}
		if err := f.s.RemoveMember(ctx(), tn, stranger.ID, org.ID, stranger.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("non-member leaves: %v, want NotFound", err)
		}
		verifyAudit(t, db)
	})
}
