package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestExclusiveAcrossProcesses: two handles on one PostgreSQL database
// (two processes) run fn under the same name one after another; another
// name does not wait. On SQLite (one process) fn just runs.
func TestExclusiveAcrossProcesses(t *testing.T) {
	t.Parallel()
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			dsn := storetest.DSN(t, d)
			open := func() *store.DB {
				db, err := store.Open(context.Background(), dsn)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { db.Close() })
				return db
			}
			a, b := open(), open()
			ctx := context.Background()
			if d == store.SQLite {
				ran := false
				if err := a.Exclusive(ctx, "x", func() error { ran = true; return nil }); err != nil || !ran {
					t.Fatalf("ran %v, %v", ran, err)
				}
				return
			}
			held, release, second := make(chan struct{}), make(chan struct{}), make(chan struct{})
			go a.Exclusive(ctx, "seed", func() error { close(held); <-release; return nil })
			<-held
			go b.Exclusive(ctx, "seed", func() error { close(second); return nil })
			if err := b.Exclusive(ctx, "other", func() error { return nil }); err != nil {
				t.Fatal(err)
			}
			select {
			case <-second:
				t.Fatal("the second process ran while the first held the lock")
			case <-time.After(300 * time.Millisecond): // absence can only be awaited with a bound
			}
			close(release)
			select {
			case <-second:
			case <-time.After(30 * time.Second):
				t.Fatal("the second process never got the lock")
			}
		})
	}
}
