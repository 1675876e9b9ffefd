package account_test

import (
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestResetTokens: a reset token works once, not after its lifetime, not
// for another purpose, and a newer request invalidates the older link.
func TestResetTokens(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ttl := account.DefaultConfig().TokenTTL[account.PurposeReset]
		cases := []struct {
			name string
			use  func(f *fixture, token string) error
			ok   bool
		}{
			{"fresh", func(f *fixture, tok string) error { return reset(f, tok) }, true},
			{"used twice", func(f *fixture, tok string) error { reset(f, tok); return reset(f, tok) }, false},
			{"just before expiry", func(f *fixture, tok string) error { f.clock.Add(ttl - time.Second); return reset(f, tok) }, true},
			{"expired", func(f *fixture, tok string) error { f.clock.Add(ttl); return reset(f, tok) }, false},
			{"wrong purpose", func(f *fixture, tok string) error { _, err := f.s.VerifyEmail(ctx(), tok); return err }, false},
			{"superseded", func(f *fixture, tok string) error {
				f.s.RequestReset(ctx(), f.tenant, "erika@example.org")
				return reset(f, tok)
			}, false},
			{"tampered", func(f *fixture, tok string) error { return reset(f, tamper(tok)) }, false},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				f := newFixture(t, storetest.Open(t, db.Dialect))
				f.citizen(t, "erika@example.org")
				m, err := f.s.RequestReset(ctx(), f.tenant, "erika@example.org")
				if err != nil || m.Kind != account.MailReset || len(m.Token) < 22 {
					t.Fatalf("RequestReset = %+v, %v", m, err)
				}
				err = c.use(f, m.Token)
				if c.ok != (err == nil) || (err != nil && !fault.Is(err, fault.NotFound)) {
					t.Fatalf("err = %v, want ok=%v (or NotFound)", err, c.ok)
				}
			})
		}
	})
}

func reset(f *fixture, token string) error {
	return f.s.ResetPassword(ctx(), token, "ein neues langes Passwort")
}

// TestNoEnumerationOnSignUpAndReset: signing up with a taken address and
// asking a reset for an unknown one answer like the normal case, with the
// same cost, and only the mail to send differs.
func TestNoEnumerationOnSignUpAndReset(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		erika := f.citizen(t, "erika@example.org")
		cases := []struct {
			email string
			want  account.MailKind
		}{{"new@example.org", account.MailVerify}, {"ERIKA@example.org", account.MailAlreadyRegistered}}
		for _, c := range cases {
			f.hashes.Store(0)
			m, err := f.s.SignUp(ctx(), account.SignUpInput{TenantID: f.tenant, Kind: account.KindCitizen, Email: c.email, Password: goodPassword})
			if err != nil || m.Kind != c.want || f.hashes.Load() != 1 {
				t.Errorf("sign-up %s: %+v, %v, %d hashes; want %s and 1 hash", c.email, m, err, f.hashes.Load(), c.want)
			}
		}
		if _, err := account.ByID(ctx(), db, erika.ID); err != nil {
			t.Fatal(err)
		}
		m, err := f.s.RequestReset(ctx(), f.tenant, "nobody@example.org")
		if err != nil || m.Kind != account.MailNone {
			t.Fatalf("reset for unknown address: %+v, %v", m, err)
		}
	})
}

// TestEmailChange moves the address after confirmation; the old address
// is notified and logs in no more.
func TestEmailChange(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a := f.citizen(t, "erika@example.org")
		m, err := f.s.RequestEmailChange(ctx(), a.ID, "erika.neu@example.org")
		if err != nil || m.Kind != account.MailEmailChange || m.To != "erika.neu@example.org" {
			t.Fatalf("RequestEmailChange = %+v, %v", m, err)
		}
		notice, err := f.s.ConfirmEmailChange(ctx(), m.Token)
		if err != nil || notice.Kind != account.MailEmailChanged || notice.To != "erika@example.org" {
			t.Fatalf("ConfirmEmailChange = %+v, %v", notice, err)
		}
		if _, err := f.s.Authenticate(ctx(), f.tenant, "erika.neu@example.org", goodPassword, "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Authenticate(ctx(), f.tenant, "erika@example.org", goodPassword, "192.0.2.1"); err == nil {
			t.Fatal("old address still logs in")
		}
	})
}

// tamper changes the first character of token to a different one.
func tamper(token string) string {
	c := byte('A')
	if token[0] == c {
		c = 'B'
	}
	return string(c) + token[1:]
}
