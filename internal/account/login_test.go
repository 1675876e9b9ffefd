package account_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestLoginNoEnumeration: an unknown address and a wrong password give the
// very same error, and each costs exactly one argon2 computation.
func TestLoginNoEnumeration(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.citizen(t, "erika@example.org")
		cases := []struct {
			name, email, password string
			wantErr               error
		}{
			{"unknown address", "nobody@example.org", goodPassword, account.ErrLoginFailed},
			{"wrong password", "erika@example.org", "wrong-password-42", account.ErrLoginFailed},
			{"malformed address", "not an address", goodPassword, account.ErrLoginFailed},
			{"right password, other case in address", "Erika@Example.ORG", goodPassword, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				f.hashes.Store(0)
				_, err := f.s.Authenticate(ctx(), f.tenant, c.email, c.password, "192.0.2.7")
				if !errors.Is(err, c.wantErr) {
					t.Fatalf("err = %v, want %v", err, c.wantErr)
				}
				if err != nil && fault.MessageOf(err) != fault.MessageOf(account.ErrLoginFailed) {
					t.Fatalf("message %q differs", fault.MessageOf(err))
				}
				if n := f.hashes.Load(); n != 1 {
					t.Fatalf("%d argon2 computations, want exactly 1", n)
				}
			})
		}
	})
}

// TestLockout: repeated failures lock the address (known or unknown alike),
// even the right password is refused while locked, the lock ends by
// itself, repeated locks double up to the cap, and a reset lifts it.
func TestLockout(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		cases := []struct {
			name  string
			email string
			known bool
		}{{"known account", "erika@example.org", true}, {"unknown address", "ghost@example.org", false}}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				f := newFixture(t, storetest.Open(t, db.Dialect))
				f.citizen(t, "erika@example.org")
				p := account.DefaultLockoutPolicy()
				fail := func() error {
					_, err := f.s.Authenticate(ctx(), f.tenant, c.email, "wrong-password-42", "198.51.100.9")
					return err
				}
				for i := 0; i < p.Failures; i++ {
					if err := fail(); !errors.Is(err, account.ErrLoginFailed) {
						t.Fatalf("failure %d: %v", i+1, err)
					}
				}
				if err := fail(); !errors.Is(err, account.ErrLoginLocked) {
					t.Fatalf("after %d failures: %v, want locked", p.Failures, err)
				}
				if !c.known {
					return
				}
				checkLocked(t, f, c.email, true)
				a, err := account.ByEmail(ctx(), f.db, f.tenant, c.email)
				if err != nil || a.StateAt(f.clock.Now()) != account.StateLocked {
					t.Fatalf("state %s (%v), want locked", a.StateAt(f.clock.Now()), err)
				}
				f.clock.Add(p.LockFor)
				checkLocked(t, f, c.email, false)
			})
		}
	})
}

func checkLocked(t *testing.T, f *fixture, email string, locked bool) {
	t.Helper()
	_, err := f.s.Authenticate(ctx(), f.tenant, email, goodPassword, "203.0.113.5")
	if locked && !errors.Is(err, account.ErrLoginLocked) {
		t.Fatalf("right password while locked: %v, want locked", err)
	}
	if !locked && err != nil {
		t.Fatalf("right password after the lock: %v", err)
	}
}

// TestLockoutNeverPermanent: an attacker who keeps failing gets the lock
// doubled, but never beyond MaxLock, and every lock ends; a password reset
// lifts a lock at once.
func TestLockoutNeverPermanent(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.citizen(t, "erika@example.org")
		p := account.DefaultLockoutPolicy()
		wantLock := []time.Duration{15 * time.Minute, 30 * time.Minute, time.Hour, 2 * time.Hour, 4 * time.Hour, 4 * time.Hour, 4 * time.Hour}
		for round, want := range wantLock {
			for i := 0; i < p.Failures; i++ {
				f.s.Authenticate(ctx(), f.tenant, "erika@example.org", "wrong-password-42", "198.51.100.9")
			}
			f.clock.Add(want - time.Second)
			checkLocked(t, f, "erika@example.org", true)
			f.clock.Add(time.Second)
			a, err := account.ByEmail(ctx(), db, f.tenant, "erika@example.org")
			if err != nil || a.StateAt(f.clock.Now()) != account.StateActive {
				t.Fatalf("round %d: lock of %v did not end: %v %v", round, want, a.LockedUntil, err)
			}
		}
		for i := 0; i < p.Failures; i++ {
			f.s.Authenticate(ctx(), f.tenant, "erika@example.org", "wrong-password-42", "198.51.100.9")
		}
		m, err := f.s.RequestReset(ctx(), f.tenant, "erika@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.s.ResetPassword(ctx(), m.Token, goodPassword+"!"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Authenticate(ctx(), f.tenant, "erika@example.org", goodPassword+"!", "203.0.113.5"); err != nil {
			t.Fatalf("login after reset: %v", err)
		}
	})
}

// TestLockoutPerClientAddress: many failures from one client address for
// different accounts lock that client, not others.
func TestLockoutPerClientAddress(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db, func(c *account.Config) { c.Lockout.AddrFailures = 5 })
		f.citizen(t, "erika@example.org")
		for i := 0; i < 5; i++ {
			email := "victim" + strings.Repeat("x", i) + "@example.org"
			f.s.Authenticate(ctx(), f.tenant, email, "wrong-password-42", "[2001:db8:1:2::7]:443")
		}
		cases := []struct {
			addr string
			want error
		}{
			{"2001:db8:1:2::99", account.ErrLoginLocked}, // same /64
			{"2001:db8:1:3::1", nil},
			{"192.0.2.200", nil},
		}
		for _, c := range cases {
			_, err := f.s.Authenticate(ctx(), f.tenant, "erika@example.org", goodPassword, c.addr)
			if !errors.Is(err, c.want) {
				t.Errorf("from %s: %v, want %v", c.addr, err, c.want)
			}
		}
	})
}

// TestLoginAudit: failures are recorded without the e-mail address, the
// chain stays intact, and a password hashed under old parameters is
// rehashed at login.
func TestLoginAuditAndRehash(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a := f.citizen(t, "erika@example.org")
		f.s.Authenticate(ctx(), f.tenant, "erika@example.org", "wrong-password-42", "192.0.2.1")
		f.s.Authenticate(ctx(), f.tenant, "ghost@example.org", "wrong-password-42", "192.0.2.1")
		var leaks int
		db.QueryRowContext(ctx(), "SELECT COUNT(*) FROM audit_log WHERE details LIKE '%example.org%' OR object_id LIKE '%example.org%'").Scan(&leaks)
		if leaks != 0 {
			t.Fatalf("%d audit entries contain an e-mail address", leaks)
		}
		var failures int
		db.QueryRowContext(ctx(), "SELECT COUNT(*) FROM audit_log WHERE action = 'account.login_failed'").Scan(&failures)
		if failures != 2 {
			t.Fatalf("%d login failures audited, want 2", failures)
		}

		stronger := cheapParams()
		stronger.Time = 2
		g, err := account.New(db, withParams(stronger), f.clock.Now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := g.Authenticate(ctx(), f.tenant, "erika@example.org", goodPassword, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		if h := passwordHash(t, db, a.ID); !strings.Contains(h, "m=64,t=2,p=1") {
			t.Fatalf("hash %s not rehashed with t=2", h)
		}
		if _, err := f.s.Authenticate(ctx(), f.tenant, "erika@example.org", goodPassword, "192.0.2.1"); err != nil {
			t.Fatalf("rehashed password no longer verifies: %v", err)
		}
		verifyAudit(t, db)
	})
}

func withParams(p account.Params) account.Config {
	c := account.DefaultConfig()
	c.Password = p
	return c
}

func passwordHash(t *testing.T, db *store.DB, id int64) string {
	t.Helper()
	var h string
	if err := db.QueryRowContext(context.Background(), "SELECT password_hash FROM account WHERE id = $1", id).Scan(&h); err != nil {
		t.Fatal(err)
	}
	return h
}
