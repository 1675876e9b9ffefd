package catalog

import (
	"context"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// newTenant creates a tenant and returns its id.
func newTenant(t testing.TB, db *store.DB, slug string) tenant.ID {
	t.Helper()
	var id tenant.ID
	err := db.Writer().QueryRowContext(context.Background(),
		"INSERT INTO tenant (slug, name, created_at) VALUES ($1, $2, $3) RETURNING id", slug, slug, time.Now().UTC()).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
