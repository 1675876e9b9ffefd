package audit

import (
	"context"
	"fmt"

	"github.com/amtsweg/amtsweg/internal/store"
)

// LastSeq returns the sequence number of the chain's last row (its head)
// as q sees it. A backup reads it inside its snapshot, to leave out the
// checkpoints taken after it (package backup).
func LastSeq(ctx context.Context, q store.Querier) (int64, error) {
	var seq int64
	if err := q.QueryRowContext(ctx, "SELECT last_seq FROM audit_head WHERE id = 1").Scan(&seq); err != nil {
		return 0, fmt.Errorf("audit: read head: %w", err)
	}
	return seq, nil
}
