package outagetest_test

import (
	"context"
	"database/sql"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/amtsweg/amtsweg/internal/outage"
	"github.com/amtsweg/amtsweg/internal/outage/outagetest"
)

// TestStopAndStart: the private server answers, refuses while stopped
// (an outage by outage.DatabaseDown, also on the pooled connection that
// broke) and answers again on the same pool after Start.
func TestStopAndStart(t *testing.T) {
	t.Parallel()
	pg := outagetest.StartPostgres(t)
	db, err := sql.Open("pgx", pg.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if err := db.PingContext(ctx); err != nil {
		t.Fatal(err)
	}
	if err := pg.Stop(); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the broken pooled connection, then a refused new one
		err := db.QueryRowContext(ctx, "SELECT 1").Scan(new(int))
		if err == nil || !outage.DatabaseDown(err) {
			t.Fatalf("query while stopped: %v, want an outage", err)
		}
	}
	if err := pg.Start(); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(ctx, "SELECT 1").Scan(new(int)); err != nil {
		t.Fatalf("query after the restart: %v", err)
	}
}
