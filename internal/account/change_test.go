package account_test

import (
	"errors"
	"testing"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestChangePassword needs the current password, keeps the session it is
// made from and ends the others.
func TestChangePassword(t *testing.T) {
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
