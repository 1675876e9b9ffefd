package events_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/events"
	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
	"github.com/amtsweg/amtsweg/internal/tenant"
)

// TestBusDelivers: a published event reaches each subscriber of its type
// once, with its tenant and payload, as a job enqueued in the change's
// transaction; a rolled-back change delivers nothing; an internal event
// never reaches the outbox, a public one does; a declared subscriber
// without a handler in this process gets its job all the same.
func TestBusDelivers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		var tenantID tenant.ID
		if err := db.Tx(ctx, func(tx *store.Tx) error {
			return tx.QueryRowContext(ctx, `INSERT INTO tenant (slug, name, created_at) VALUES ('sn', 'Sachsen', $1) RETURNING id`,
				time.Now().UTC()).Scan(&tenantID)
		}); err != nil {
			t.Fatal(err)
		}
		q, err := jobs.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), jobs.Config{PollInterval: 5 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		bus := events.NewBus(q)
		var mu sync.Mutex
		got := map[string][]events.Event{}
		record := func(name string) events.Handler {
			return func(_ context.Context, e events.Event) error {
				mu.Lock()
				defer mu.Unlock()
				got[name] = append(got[name], e)
				return nil
			}
		}
		bus.Subscribe(events.Accepted, "test.a", record("test.a"))
		bus.Subscribe(events.Accepted, "test.b", record("test.b"))
		bus.Subscribe(events.Submitted, "test.public", record("test.public"))
		bus.Declare(events.Accepted, "test.elsewhere")

		publish := func(e events.Event, fail bool) {
			err := db.Tx(ctx, func(tx *store.Tx) error {
				if _, err := bus.PublishTx(ctx, tx, e); err != nil {
					return err
				}
				if fail {
					return errors.New("rolled back")
				}
				return nil
			})
			if (err != nil) != fail {
				t.Fatalf("publish %s: %v", e.Type, err)
			}
		}
		publish(events.Event{Type: events.Accepted, TenantID: tenantID, ApplicationID: 7, Reference: "SN-1"}, false)
		publish(events.Event{Type: events.Accepted, TenantID: tenantID, ApplicationID: 8}, true)
		publish(events.Event{Type: events.Submitted, TenantID: tenantID, ApplicationID: 9, Data: map[string]any{"clearing": true}}, false)

		var waiting int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM job WHERE kind = 'test.elsewhere' AND state = 'available'`).Scan(&waiting); err != nil || waiting != 1 {
			t.Errorf("declared subscriber's jobs: %d (%v), want 1", waiting, err)
		}
		if err := q.Start(ctx); err != nil {
			t.Fatal(err)
		}
		defer q.Stop(ctx)
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			mu.Lock()
			n := len(got["test.a"]) + len(got["test.b"]) + len(got["test.public"])
			mu.Unlock()
			if n >= 3 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("deliveries %v", got)
			}
		}
		mu.Lock()
		defer mu.Unlock()
		for _, name := range []string{"test.a", "test.b"} {
			if es := got[name]; len(es) != 1 || es[0].ApplicationID != 7 || es[0].TenantID != tenantID || es[0].Reference != "SN-1" {
				t.Errorf("%s got %+v", name, es)
			}
		}
		if es := got["test.public"]; len(es) != 1 || es[0].ID == "" || es[0].Data["clearing"] != true {
			t.Errorf("public subscriber got %+v", es)
		}
		feed, err := events.Feed(ctx, db, events.Scope{TenantID: tenantID}, 0, 10)
		if err != nil || len(feed) != 1 || feed[0].Type != events.Submitted {
			t.Errorf("feed %+v (%v): want the public event only", feed, err)
		}
	})
}
