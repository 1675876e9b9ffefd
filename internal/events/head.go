package events

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/store"
)

// Head returns the feed position of the latest event (0 when there is
// none yet): where a new reader starts that wants no replay (API clients'
// webhooks, FIT-Connect's cursor).
func Head(ctx context.Context, q store.Querier) (int64, error) {
	var seq int64
	if err := q.QueryRowContext(ctx, `SELECT last_seq FROM event_head WHERE id = 1`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("events: head: %w", err)
	}
	return seq, nil
}
