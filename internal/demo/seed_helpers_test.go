package demo_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/casework/caseworktest"
	"github.com/amtsweg/amtsweg/internal/demo"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// seedWithStaff seeds the demo, the tenants' clearing offices and the
// demo staff as app.New does for `serve --demo` (cheap password hashing),
// and returns the casework world and the account service.
func seedWithStaff(t *testing.T, db *store.DB, log *slog.Logger) (*caseworktest.World, *account.Service) {
	t.Helper()
	ctx := context.Background()
	check(t, demo.Seed(ctx, db, log))
	w := caseworktest.New(t, db, caseworktest.Config{})
	ts, err := tenant.List(ctx, db)
	check(t, err)
	for _, tn := range ts {
		_, err := w.Cases.EnsureClearing(ctx, tn.ID)
		check(t, err)
	}
	cfg := account.DefaultConfig()
	cfg.Password = account.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}
	accounts, err := account.New(db, cfg, time.Now)
	check(t, err)
	check(t, demo.SeedStaff(ctx, db, accounts, log))
	return w, accounts
}
