package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/fault"
	"github.com/amtsweg/amtsweg/internal/store"
)

// Item is one job of a batched enqueue (Sammeleinstellung).
type Item struct {
	Args    Args
	Options []Option
}

// batchRows bounds the rows of one INSERT statement (8 parameters each,
// far below PostgreSQL's 65,535).
const batchRows = 500

// EnqueueBatchTx inserts items inside the caller's transaction tx with one
// statement per 500 jobs instead of one per job, with the same rules as
// EnqueueTx: a job whose kind and unique key are already in the table is
// not inserted again. It does not return the ids. Like EnqueueTx it never
// touches q's pools.
func (q *Queue) EnqueueBatchTx(ctx context.Context, tx *store.Tx, items ...Item) error {
	now := time.Now().UTC()
	for len(items) > 0 {
		n := min(len(items), batchRows)
		if err := q.insertBatch(ctx, tx, items[:n], now); err != nil {
			return err
		}
		items = items[n:]
	}
	return nil
}

func (q *Queue) insertBatch(ctx context.Context, tx *store.Tx, items []Item, now time.Time) error {
	var sb strings.Builder
	sb.WriteString(`INSERT INTO job (kind, args, state, max_attempts, run_at, unique_key, created_at, tenant_id, subject) VALUES `)
	vals := make([]any, 0, 8*len(items))
	seen := map[string]bool{} // a key twice in one statement fails on PostgreSQL
	for _, it := range items {
		row, err := q.batchRow(it, now)
		if err != nil {
			return err
		}
		if k, ok := row[4].(string); ok {
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		if len(vals) > 0 {
			sb.WriteString(", ")
		}
		p := len(vals)
		sb.WriteString("($" + strconv.Itoa(p+1) + ", $" + strconv.Itoa(p+2) + ", 'available'")
		for k := 3; k <= 8; k++ {
			sb.WriteString(", $" + strconv.Itoa(p+k))
		}
		sb.WriteString(")")
		vals = append(vals, row...)
	}
	sb.WriteString(` ON CONFLICT (unique_key) DO NOTHING`)
	if _, err := tx.ExecContext(ctx, sb.String(), vals...); err != nil {
		return fmt.Errorf("jobs: enqueue %d jobs: %w", len(items), err)
	}
	return nil
}

// batchRow is one job's values: kind, args, max_attempts, run_at,
// unique_key (nil or string), created_at, tenant_id (nil or int64),
// subject.
func (q *Queue) batchRow(it Item, now time.Time) ([]any, error) {
	if it.Args == nil || it.Args.Kind() == "" {
		return nil, fault.New(fault.Invalid, "jobs: args without kind")
	}
	kind := it.Args.Kind()
	o := enqueueOpts{runAt: now, maxAttempts: q.cfg.MaxAttempts}
	for _, opt := range it.Options {
		opt(&o)
	}
	if o.maxAttempts < 1 {
		return nil, fault.New(fault.Invalid, "jobs: %s: max attempts %d < 1", kind, o.maxAttempts)
	}
	raw, err := json.Marshal(it.Args)
	if err != nil {
		return nil, fmt.Errorf("jobs: encode %s: %w", kind, err)
	}
	var key any // NULL: not unique
	if o.uniqueKey != "" {
		key = kind + ":" + o.uniqueKey
	}
	return []any{kind, string(raw), o.maxAttempts, o.runAt.UTC(), key, now, o.tenantID, o.subject}, nil
}
