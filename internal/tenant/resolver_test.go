package tenant_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestResolverSeesOtherProcess: a server's resolver (its own database
// handle) notices a tenant created and a tenant's branding changed through
// another handle on the same database — as `amtsweg tenant create` or
// another server's admin page would — within its refresh interval, with
// no restart; before the interval it keeps its list without asking.
func TestResolverSeesOtherProcess(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, d)
			server, other := open(t, dsn), open(t, dsn)
			check(t, other.Migrate(ctx, slog.New(slog.NewTextHandler(io.Discard, nil))))
			a, err := tenant.Create(ctx, other, "cli", tenant.Tenant{Slug: "aa", Name: "A", Hosts: []string{"a.example"}})
			check(t, err)
			const every = time.Second
			asked := time.Now() // the resolver reads its list after this
			r, err := tenant.NewResolverEvery(ctx, server, every)
			check(t, err)
			if got, _ := r.ForHost("b.example:8080"); got.ID != a.ID {
				t.Fatalf("unknown host got %q, want the first tenant", got.Slug)
			}

			b, err := tenant.Create(ctx, other, "cli", tenant.Tenant{Slug: "bb", Name: "B", Hosts: []string{"b.example"}})
			check(t, err)
			// Only a lookup answered within the interval proves it; on a
			// loaded machine creating the tenant may take longer than that.
			if got, _ := r.ForHost("b.example"); got.ID != a.ID && time.Since(asked) < every {
				t.Fatalf("the resolver asked before its interval: %q", got.Slug)
			}
			eventually(t, "the new tenant", func() bool { got, _ := r.ForHost("b.example"); return got.ID == b.ID })
			if _, ok := r.BySlug("bb"); !ok {
				t.Error("BySlug does not know the new tenant")
			}

			check(t, tenant.SetBranding(ctx, other, "admin", b.ID, tenant.Branding{LogoURL: "/static/b.svg"}))
			eventually(t, "the new branding", func() bool {
				got, _ := r.ForHost("b.example")
				return got.Branding.LogoURL == "/static/b.svg"
			})
		})
	}
}

func open(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	check(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}
