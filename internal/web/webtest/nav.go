package webtest

import (
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/account"
	"github.com/amtsweg/amtsweg/internal/browsertest"
	"github.com/amtsweg/amtsweg/internal/config"
	"github.com/amtsweg/amtsweg/internal/demo"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// PlainApp runs the app WITHOUT demo mode on a fresh database of dialect
// d that holds the demo content (tenants, catalog, procedures), seeded
// before the start as an operator's import would; it returns the base URL
// and an open handle on the database. Outside demo mode no demo staff
// exist, no login page lists accounts and no page shows the demo banner.
func PlainApp(t *testing.T, d store.Dialect) (string, *store.DB) {
	t.Helper()
	dsn := storetest.DSN(t, d)
	db, err := store.Open(t.Context(), dsn)
	Check(t, err)
	t.Cleanup(func() { db.Close() })
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	Check(t, db.Migrate(t.Context(), log))
	Check(t, demo.Seed(t.Context(), db, log))
	base := browsertest.Start(t, browsertest.WithDatabaseURL(dsn), browsertest.WithConfig(func(c *config.Config) { c.Demo = false }))
	return base, db
}

// DemoStaff returns the demo staff account of tenant slug with role.
func DemoStaff(t testing.TB, slug string, role account.Role) demo.StaffAccount {
	t.Helper()
	for _, s := range demo.StaffAccounts(slug) {
		if s.Role == role {
			return s
		}
	}
	t.Fatalf("tenant %s has no demo %s", slug, role)
	return demo.StaffAccount{}
}

// NewStaffAt creates a real (not demo) case worker with password Password
// at the demo authority of tenant slug's demo case worker and returns its
// e-mail address.
func NewStaffAt(t testing.TB, db *store.DB, slug, email string) string {
	t.Helper()
	ctx := t.Context()
	tn, err := tenant.BySlug(ctx, db, slug)
	Check(t, err)
	authority, err := demo.StaffAuthority(ctx, db, tn.ID, DemoStaff(t, slug, account.RoleCaseWorker))
	Check(t, err)
	acc, err := account.New(db, account.DefaultConfig(), time.Now)
	Check(t, err)
	_, _, err = acc.CreateStaff(ctx, "test", account.NewStaff{TenantID: tn.ID, Email: email, Name: "Echte Sachbearbeiterin",
		Password: Password, Roles: []account.StaffRole{{AuthorityID: authority, Role: account.RoleCaseWorker}}})
	Check(t, err)
	return email
}

// GetHost fetches path from the app at base as host (a tenant's host
// name) without a login and returns status and body.
func GetHost(t testing.TB, base, host, path string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	Check(t, err)
	req.Host = host
	res, err := NoFollow().Do(req)
	Check(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	Check(t, err)
	return res.StatusCode, string(b)
}
