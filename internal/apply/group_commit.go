package apply

import (
	"context"
	"sync"
	"sync/atomic"
)

// maxBatch bounds one group commit: 64 submissions keep the batch's
// multi-row INSERTs far below SQLite's parameter limit and one commit short.
const maxBatch = 64

// submitReq is one submission waiting for the group commit.
type submitReq struct {
	owner Owner
	key   string
	p     prepared
	done  chan submitResult // buffered (1): the committer never blocks on it
}

type submitResult struct {
	rc      Receipt
	dropped []string // blob keys of attachments dropped with hidden fields
	err     error
}

// committer is the group commit of submissions (Sammel-Commit): the
// submissions that arrive while a commit is running are written together
// in the next transaction, so the hot rows (reference counter, event feed
// head, audit chain head) are taken once and the disk is flushed once per
// batch instead of once per submission. There is no timer: a lone
// submission commits at once, and batches grow only as far as submissions
// actually queue up behind a running commit.
//
// The committing goroutine is started by the submission that finds none
// running and ends when the queue is empty, so an idle Service holds none.
type committer struct {
	mu      sync.Mutex
	queue   []*submitReq
	running bool
	batches atomic.Int64 // transactions committed (statistics)
	items   atomic.Int64 // submissions in them
}

// Batches returns how many group commits ran and how many submissions they
// carried (their ratio is the mean batch size, reported by the benchmark).
func (s *Service) Batches() (batches, submissions int64) {
	return s.group.batches.Load(), s.group.items.Load()
}

// submit queues r and waits for its result. The commit runs without the
// caller's cancellation (it commits other submitters' work too);
// a waiter whose ctx ends stops waiting — its submission may still commit,
// and a retry with the same key then returns the same receipt.
func (c *committer) submit(ctx context.Context, r *submitReq, commit func(context.Context, []*submitReq)) submitResult {
	c.mu.Lock()
	c.queue = append(c.queue, r)
	start := !c.running
	c.running = true
	c.mu.Unlock()
	if start {
		go c.lead(context.WithoutCancel(ctx), commit)
	}
	select {
	case res := <-r.done:
		return res
	case <-ctx.Done():
		return submitResult{err: ctx.Err()}
	}
}

// lead commits batches until the queue is empty.
func (c *committer) lead(ctx context.Context, commit func(context.Context, []*submitReq)) {
	for {
		c.mu.Lock()
		n := min(len(c.queue), maxBatch)
		if n == 0 {
			c.running = false
			c.mu.Unlock()
			return
		}
		batch := c.queue[:n:n]
		c.queue = c.queue[n:]
		c.mu.Unlock()
		c.batches.Add(1)
		c.items.Add(int64(n))
		commit(ctx, batch)
	}
}

// requeue puts rs back at the front of the queue (a second submission of an
// application already in the running batch waits for the next one).
func (c *committer) requeue(rs []*submitReq) {
	c.mu.Lock()
	c.queue = append(append([]*submitReq{}, rs...), c.queue...)
	c.mu.Unlock()
}
