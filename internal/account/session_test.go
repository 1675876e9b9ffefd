package account_test

import (
	"errors"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestSessionIDChanges: a login never keeps the browser's previous session
// id, and Rotate replaces the id while keeping the session.
func TestSessionIDChanges(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.citizen(t, "erika@example.org")
		_, oldToken := f.login(t, "erika@example.org", "")
		second, newToken := f.login(t, "erika@example.org", oldToken)
		if newToken == oldToken {
			t.Fatal("login reused the previous session")
		}
		if _, err := f.s.Session(ctx(), oldToken); !errors.Is(err, account.ErrNoSession) {
			t.Fatalf("previous session after login: %v, want ErrNoSession", err)
		}
		rotated, err := f.s.Rotate(ctx(), newToken)
		if err != nil {
			t.Fatal(err)
		}
		if rotated == newToken || len(rotated) < 22 {
			t.Fatalf("rotate gave %q", rotated)
		}
		if _, err := f.s.Session(ctx(), newToken); !errors.Is(err, account.ErrNoSession) {
			t.Fatalf("old id after Rotate: %v, want ErrNoSession", err)
		}
		ss, err := f.s.Session(ctx(), rotated)
		if err != nil || ss.ID != second.ID || ss.Stage != account.StageComplete || ss.Level != account.LevelLow {
			t.Fatalf("rotated session = %+v, %v", ss, err)
		}
	})
}

// TestLogout ends the session on the server and is recorded.
func TestLogout(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.citizen(t, "erika@example.org")
		_, token := f.login(t, "erika@example.org", "")
		if _, err := f.s.Session(ctx(), token); err != nil {
			t.Fatal(err)
		}
		if err := f.s.Logout(ctx(), token); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Session(ctx(), token); !errors.Is(err, account.ErrNoSession) {
			t.Fatalf("after logout: %v", err)
		}
		var n int
		db.QueryRowContext(ctx(), "SELECT COUNT(*) FROM account_session").Scan(&n)
		if n != 0 {
			t.Fatalf("%d session rows left after logout", n)
		}
		verifyAudit(t, db)
	})
}

// TestSessionTimeouts moves the clock: idle time ends a quiet session;
// the absolute limit ends even a busy one.
func TestSessionTimeouts(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		p := account.DefaultConfig().Session
		cases := []struct {
			name  string
			steps []time.Duration // clock moves, each followed by a request
			alive []bool          // whether that request still finds the session
		}{
			{"idle just under the limit", []time.Duration{p.Idle - time.Second}, []bool{true}},
			{"idle at the limit", []time.Duration{p.Idle}, []bool{false}},
			{"activity keeps it alive", []time.Duration{p.Idle - time.Second, p.Idle - time.Second}, []bool{true, true}},
			{"absolute limit despite activity", busyUntil(p.Absolute, p.Idle/2), aliveUntilLast(p.Absolute, p.Idle/2)},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				f := newFixture(t, storetest.Open(t, db.Dialect))
				f.citizen(t, "erika@example.org")
				_, token := f.login(t, "erika@example.org", "")
				for i, d := range c.steps {
					f.clock.Add(d)
					_, err := f.s.Session(ctx(), token)
					if alive := err == nil; alive != c.alive[i] {
						t.Fatalf("request %d after %v: alive=%v (%v), want %v", i+1, d, alive, err, c.alive[i])
					}
				}
			})
		}
	})
}

// busyUntil makes a request every step until total has passed.
func busyUntil(total, step time.Duration) []time.Duration {
	var out []time.Duration
	for t := step; t <= total; t += step {
		out = append(out, step)
	}
	return out
}

// aliveUntilLast: every request succeeds but the one at total.
func aliveUntilLast(total, step time.Duration) []bool {
	n := len(busyUntil(total, step))
	out := make([]bool, n)
	for i := range out {
		out[i] = i < n-1
	}
	return out
}

// TestMySessions lists sessions with a user-agent summary, lets the owner
// end one (not someone else's) and an admin end all.
func TestMySessions(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		erika := f.citizen(t, "erika@example.org")
		max := f.citizen(t, "max@example.org")
		s1, t1 := f.login(t, "erika@example.org", "")
		_, t2 := f.login(t, "erika@example.org", "")
		maxSession, _ := f.login(t, "max@example.org", "")
		tn := erika.TenantID
		list, err := f.s.Sessions(ctx(), tn, erika.ID)
		if err != nil || len(list) != 2 || list[0].UserAgent != "Firefox on Linux" {
			t.Fatalf("sessions = %+v, %v", list, err)
		}
		if err := f.s.EndSession(ctx(), tn, erika.ID, maxSession.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("ending someone else's session: %v, want NotFound", err)
		}
		if list, _ := f.s.Sessions(ctx(), tn+1, erika.ID); len(list) != 0 {
			t.Fatalf("sessions seen from another tenant: %+v", list)
		}
		if err := f.s.EndSession(ctx(), tn+1, erika.ID, s1.ID); !fault.Is(err, fault.NotFound) {
			t.Fatalf("ending a session from another tenant: %v, want NotFound", err)
		}
		if err := f.s.EndSession(ctx(), tn, erika.ID, s1.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.Session(ctx(), t1); !errors.Is(err, account.ErrNoSession) {
			t.Fatalf("ended session still works: %v", err)
		}
		n, err := f.s.EndAllSessions(ctx(), "account:1", erika.ID)
		if err != nil || n != 1 {
			t.Fatalf("EndAllSessions = %d, %v; want 1", n, err)
		}
		if _, err := f.s.Session(ctx(), t2); !errors.Is(err, account.ErrNoSession) {
			t.Fatalf("session after EndAllSessions: %v", err)
		}
		if list, _ := f.s.Sessions(ctx(), tn, max.ID); len(list) != 1 {
			t.Fatalf("other account's sessions touched: %+v", list)
		}
	})
}

// TestSessionCookie checks the cookie parameters with and without TLS.
func TestSessionCookie(t *testing.T) {
	t.Parallel()
	cases := []struct {
		tls    bool
		name   string
		secure bool
	}{{true, "__Host-amtsweg_session", true}, {false, "amtsweg_session", false}}
	for _, c := range cases {
		k := account.SessionCookie(c.tls).New("v")
		if k.Name != c.name || k.Secure != c.secure || !k.HttpOnly || k.SameSite != 2 || k.Path != "/" || k.Domain != "" {
			t.Errorf("tls=%v: cookie %+v", c.tls, k)
		}
	}
	if k := account.SessionCookie(true).Clear(); k.MaxAge >= 0 {
		t.Errorf("Clear does not delete: %+v", k)
	}
}

// TestLevel checks ordering and parsing of assurance levels.
func TestLevel(t *testing.T) {
	t.Parallel()
	cases := []struct {
		have, need string
		ok         bool
	}{
		{"low", "low", true}, {"low", "substantial", false}, {"substanziell", "low", true},
		{"high", "substantial", true}, {"Substantial", "high", false}, {"hoch", "high", true},
	}
	for _, c := range cases {
		have, err1 := account.ParseLevel(c.have)
		need, err2 := account.ParseLevel(c.need)
		if err1 != nil || err2 != nil || have.Satisfies(need) != c.ok {
			t.Errorf("%s satisfies %s = %v (%v %v), want %v", c.have, c.need, have.Satisfies(need), err1, err2, c.ok)
		}
	}
	if _, err := account.ParseLevel("medium"); !fault.Is(err, fault.Invalid) {
		t.Errorf("ParseLevel(medium) = %v, want Invalid", err)
	}
	if account.LevelNone.Satisfies(account.LevelLow) {
		t.Error("no level satisfies low")
	}
}
