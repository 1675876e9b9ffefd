package apiclient

import (
	"sync"
	"time"
)

// Limiter is a token bucket per client, in this process's memory: a client
// may burst up to its per-minute rate and refills at rate/60 per second.
// It is not shared between processes, so behind N processes a client may
// get up to N times its rate; that is the documented trade-off for not
// needing shared state.
type Limiter struct {
	mu      sync.Mutex
	buckets map[int64]*bucket
	now     func() time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

// NewLimiter returns an empty limiter; now nil means time.Now.
func NewLimiter(now func() time.Time) *Limiter {
	if now == nil {
		now = time.Now
	}
	return &Limiter{buckets: map[int64]*bucket{}, now: now}
}

// Allow takes one token from c's bucket and reports whether there was one;
// when not, it returns how long until the next token.
func (l *Limiter) Allow(c Client) (bool, time.Duration) {
	rate := float64(max(c.RatePerMin, 1))
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.buckets[c.ID]
	if b == nil {
		b = &bucket{tokens: rate, last: now}
		l.buckets[c.ID] = b
	}
	b.tokens = min(rate, b.tokens+now.Sub(b.last).Seconds()*rate/60)
	b.last = now
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) * 60 / rate * float64(time.Second))
}
