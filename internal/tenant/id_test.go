package tenant_test

import (
	"context"
	"testing"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestIDInSQL: a tenant.ID goes into a query as an argument and comes out
// as a scan destination (plain and nullable) on both engines, like the
// int64 it is.
func TestIDInSQL(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		tn, err := tenant.Create(ctx, db, "test", tenant.Tenant{Slug: "sn", Name: "Sachsen"})
		if err != nil {
			t.Fatal(err)
		}
		var got tenant.ID
		var slug string
		err = db.QueryRowContext(ctx, `SELECT id, slug FROM tenant WHERE id = $1`, tn.ID).Scan(&got, &slug)
		if err != nil || got != tn.ID || slug != "sn" {
			t.Fatalf("got %d %q, %v; want %d sn", got, slug, err, tn.ID)
		}
		var ptr *tenant.ID
		if err := db.QueryRowContext(ctx, `SELECT NULL`).Scan(&ptr); err != nil || ptr != nil {
			t.Errorf("NULL into *tenant.ID: %v, %v", ptr, err)
		}
		if tn.ID.String() == "" || got.String() != tn.ID.String() {
			t.Errorf("String() = %q", got.String())
		}
	})
}
