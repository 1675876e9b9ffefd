package apply_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/apply"
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// queryPlaces resolves every place with a query through its querier, as
// the app's resolver does through the region tree.
type queryPlaces struct{ q store.Querier }

func (p queryPlaces) PlaceName(ctx context.Context, ars string) (string, error) {
	var name string
	err := p.q.QueryRowContext(ctx, "SELECT 'Meißen' WHERE $1 <> ''", ars).Scan(&name)
	return name, err
}

func (p queryPlaces) In(q store.Querier) procedure.PlaceResolver { return queryPlaces{q} }

// TestTransactionsNeedOneConnection is the regression test of the
// collapse of the deadline-day load at three times capacity (issue 16,
// docs/benchmarks.md): saving a page and storing an upload read the
// tenant's procedure overlay, and the page's place check its region,
// through the pool while their transaction held a connection. Once all
// 20 connections of a process were held by such transactions, each
// waited for a 21st until its client gave up: serve processes idle, every
// PostgreSQL session "idle in transaction". With the pool cut to one
// connection a whole guest journey (start, pages, upload, submit) must
// still finish; before the fix it hung at the first page.
func TestTransactionsNeedOneConnection(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, func(d *apply.Deps) { d.Places = queryPlaces{db} })
		db.LimitConnections(1)
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		a, secret, err := e.svc.Start(ctx, apply.StartInput{TenantID: e.tenant.ID, ProcedureID: "test-nachweis"})
		if err != nil {
			t.Fatal(err)
		}
		owner := apply.GuestOwner(e.tenant.ID, secret)
		if _, err := e.svc.Upload(ctx, a.ID, owner, "nachweis", "Nachweis.pdf", "application/pdf", bytes.NewReader(pdfBytes(3000, "pool"))); err != nil {
			t.Fatalf("upload with one connection: %v", err)
		}
		for _, p := range []struct {
			page    string
			answers map[string]any
		}{
			{"person", map[string]any{"name": "Jörg Müller-Weiß", "gemeinde": placeARS}},
			{"nachweise", map[string]any{"mit_nachweis": true}},
			{"abschluss", map[string]any{"richtig": true}},
		} {
			res, err := e.svc.SavePage(ctx, a.ID, owner, p.page, p.answers)
			if err != nil {
				t.Fatalf("save page %s with one connection: %v", p.page, err)
			}
			if len(res.Errors) > 0 {
				t.Fatalf("save page %s: %v", p.page, res.Errors)
			}
		}
		if _, err := e.svc.Submit(ctx, a.ID, owner, "k-pool"); err != nil {
			t.Fatalf("submit with one connection: %v", err)
		}
	})
}
