package account_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/audit"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// clock is a movable test clock.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time      { return c.t }
func (c *clock) Add(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock               { return &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)} }
func cheapParams() account.Params {
	return account.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
}
func ctx() context.Context { return context.Background() }

// fixture is a service on a fresh database with one tenant, a movable
// clock and a counter of argon2 computations.
type fixture struct {
	db     *store.DB
	s      *account.Service
	clock  *clock
	hashes *atomic.Int64
	tenant tenant.ID
}

func newFixture(t *testing.T, db *store.DB, tune ...func(*account.Config)) *fixture {
	t.Helper()
	tn, err := tenant.Create(ctx(), db, "test", tenant.Tenant{Slug: "sn", Name: "Sachsen"})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, clock: newClock(), hashes: &atomic.Int64{}, tenant: tn.ID}
	cfg := account.DefaultConfig()
	cfg.Password = cheapParams()
	cfg.OnHash = func() { f.hashes.Add(1) }
	cfg.Secrets = blobtest.Keys(t, db)
	for _, fn := range tune {
		fn(&cfg)
	}
	if f.s, err = account.New(db, cfg, f.clock.Now); err != nil {
		t.Fatal(err)
	}
	return f
}

const goodPassword = "Kreuzberg-Fahrrad-1987"

// citizen signs up and verifies an account with goodPassword.
func (f *fixture) citizen(t *testing.T, email string) account.Account {
	t.Helper()
	m, err := f.s.SignUp(ctx(), account.SignUpInput{TenantID: f.tenant, Kind: account.KindCitizen,
		Email: email, Name: "Erika Mustermann", Password: goodPassword})
	if err != nil {
		t.Fatal(err)
	}
	if m.Kind != account.MailVerify || m.Token == "" {
		t.Fatalf("sign-up mail = %+v, want a verification mail", m)
	}
	a, err := f.s.VerifyEmail(ctx(), m.Token)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// login authenticates with goodPassword and starts a session.
func (f *fixture) login(t *testing.T, email, previous string) (account.Session, string) {
	t.Helper()
	a, err := f.s.Authenticate(ctx(), f.tenant, email, goodPassword, "192.0.2.1:4711")
	if err != nil {
		t.Fatalf("login %s: %v", email, err)
	}
	ss, token, err := f.s.StartSession(ctx(), a, account.SessionStart{Level: account.LevelLow,
		Method: account.MethodPassword, UserAgent: "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0", Previous: previous})
	if err != nil {
		t.Fatal(err)
	}
	return ss, token
}

func verifyAudit(t *testing.T, db *store.DB) {
	t.Helper()
	n, problems, err := audit.Verify(ctx(), db)
	if err != nil || len(problems) > 0 || n == 0 {
		t.Fatalf("audit chain: %d rows, %v, %v", n, problems, err)
	}
}
