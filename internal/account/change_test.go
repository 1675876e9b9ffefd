package account_test

import (
	"errors"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestChangePassword needs the current password, keeps the session it is
// made from and ends the others.
func TestChangePassword(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a := f.citizen(t, "erika@example.org")
		_, here := f.login(t, "erika@example.org", "")
		_, elsewhere := f.login(t, "erika@example.org", "")
		const next = "Elbsandstein-Wanderung"
		if err := f.s.ChangePassword(ctx(), a.ID, "wrong-password-42", next, here); !errors.Is(err, account.ErrLoginFailed) {
			t.Fatalf("wrong current password: %v", err)
		}
		if err := f.s.ChangePassword(ctx(), a.ID, goodPassword, "password1", here); err == nil {
			t.Fatal("common password accepted")
		}
		if err := f.s.ChangePassword(ctx(), a.ID, goodPassword, next, here); err != nil {
			t.Fatal(err)
		}
		sessions := []struct {
			token string
			alive bool
		}{{here, true}, {elsewhere, false}}
		for _, c := range sessions {
			if _, err := f.s.Session(ctx(), c.token); (err == nil) != c.alive {
				t.Errorf("session alive=%v, want %v", err == nil, c.alive)
			}
		}
		if _, err := f.s.Authenticate(ctx(), f.tenant, "erika@example.org", next, "192.0.2.1"); err != nil {
			t.Fatalf("new password: %v", err)
		}
	})
}

// TestReauthenticate: a password account confirms with its password (a
// wrong one counts towards the lockout); an eID-only account confirms by
// a login fresher than FreshLogin.
func TestReauthenticate(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.citizen(t, "erika@example.org")
		ss, _ := f.login(t, "erika@example.org", "")
		if err := f.s.Reauthenticate(ctx(), ss, ""); !errors.Is(err, account.ErrLoginFailed) {
			t.Errorf("empty password: %v", err)
		}
		for i := 0; i < 9; i++ {
			f.s.Reauthenticate(ctx(), ss, "wrong-password-42")
		}
		if err := f.s.Reauthenticate(ctx(), ss, goodPassword); !errors.Is(err, account.ErrLoginLocked) {
			t.Errorf("after 10 wrong passwords: %v, want the lockout", err)
		}
		f.clock.Add(time.Hour)
		if err := f.s.Reauthenticate(ctx(), ss, goodPassword); err != nil {
			t.Errorf("right password: %v", err)
		}

		eid, _, err := f.s.LoginExternal(ctx(), account.ExternalLogin{TenantID: f.tenant, Issuer: "https://id.example",
			Subject: "s-1", Email: "max@example.org", EmailVerified: true})
		if err != nil {
			t.Fatal(err)
		}
		es, _, err := f.s.StartSession(ctx(), eid, account.SessionStart{Level: account.LevelSubstantial, Method: account.MethodExternal})
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.Reauthenticate(ctx(), es, "anything"); err != nil {
			t.Errorf("fresh eID login: %v", err)
		}
		f.clock.Add(account.FreshLogin + time.Second)
		if err := f.s.Reauthenticate(ctx(), es, ""); !errors.Is(err, account.ErrReauth) {
			t.Errorf("eID login older than FreshLogin: %v, want ErrReauth", err)
		}
	})
}
