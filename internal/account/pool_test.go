package account_test

import (
	"context"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/blob/blobtest"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestSecondFactorNeedsOneConnection: checking a TOTP code opens the
// sealed seed inside the transaction that consumes the code. A process
// whose keyring has not yet cached the tenant's data key (any process
// but the one that enrolled, or the same after a restart) read that key
// through the pool while the transaction held a connection: with every
// connection held that way, all of them waited for one more (the pool
// deadlock of the deadline-day load, docs/benchmarks.md). With the pool
// cut to one connection a second process must still confirm the code.
func TestSecondFactorNeedsOneConnection(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		a := f.citizen(t, "erika@example.org")
		_, token := f.login(t, "erika@example.org", "")
		e, err := f.s.EnrolTOTP(ctx(), a.ID)
		if err != nil {
			t.Fatal(err)
		}
		cfg := account.DefaultConfig()
		cfg.Password = cheapParams()
		cfg.Secrets = blobtest.Keys(t, db) // another process: no key cached
		other, err := account.New(db, cfg, f.clock.Now)
		if err != nil {
			t.Fatal(err)
		}
		db.LimitConnections(1)
		c, cancel := context.WithTimeout(ctx(), 20*time.Second)
		defer cancel()
		if _, _, err := other.ConfirmTOTP(c, token, code(e.Secret, f.clock.Now())); err != nil {
			t.Fatalf("confirm TOTP with one connection: %v", err)
		}
	})
}
