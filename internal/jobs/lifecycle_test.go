package jobs_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/jobs"
	"github.com/amtsweg/amtsweg/internal/store"
	"github.com/amtsweg/amtsweg/internal/store/storetest"
)

// TestJobsAndAppShareTheWriter runs jobs that write through the store while
// the application commits transactions that enqueue more jobs. On SQLite
// both share one writer connection; a queue statement held across a job
// would hang here until the deadline.
func TestJobsAndAppShareTheWriter(t *testing.T) {
	t.Parallel()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		q := newQueue(t, db, fast(4))
		jobs.Register(q, func(ctx context.Context, a ping) error {
			return db.Tx(ctx, func(tx *store.Tx) error {
				_, err := tx.ExecContext(ctx, `INSERT INTO tenant (slug, name, created_at) VALUES ($1, 'x', $2)`,
					"t"+strconv.Itoa(a.N), time.Now().UTC())
				return err
			})
		})
		start(t, q)
		const n = 40
		var wg sync.WaitGroup
		ids := make([]int64, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ids[i] = enqueue(t, db, q, ping{N: i})
			}()
		}
		wg.Wait()
		for _, id := range ids {
			waitState(t, q, id, jobs.Completed)
		}
		var tenants int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM tenant`).Scan(&tenants); err != nil || tenants != n {
			t.Errorf("tenants %d, %v; want %d", tenants, err, n)
		}
	})
}

func TestStop(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		stopAfter time.Duration // how long Stop may wait
		wantErr   bool
		want      jobs.State // of the job running during Stop
	}{
		{"running job finishes", 10 * time.Second, false, jobs.Completed},
		{"deadline cancels the job; it is retried later", 50 * time.Millisecond, true, jobs.Available},
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				started := make(chan struct{})
				q := newQueue(t, db, fast(1))
				jobs.Register(q, func(ctx context.Context, a ping) error {
					close(started)
					select {
					case <-time.After(300 * time.Millisecond):
						return nil
					case <-ctx.Done():
						return ctx.Err()
					}
				})
				id := enqueue(t, db, q, ping{})
				if err := q.Start(context.Background()); err != nil {
					t.Fatal(err)
				}
				<-started
				ctx, cancel := context.WithTimeout(context.Background(), c.stopAfter)
				defer cancel()
				err := q.Stop(ctx)
				if (err != nil) != c.wantErr || (err != nil && !errors.Is(err, context.DeadlineExceeded)) {
					t.Errorf("stop: %v, want error %v", err, c.wantErr)
				}
				if j, err := q.Job(context.Background(), id); err != nil || j.State != c.want {
					t.Errorf("job: %+v, %v; want state %s", j, err, c.want)
				}
			})
		}
	})
}
