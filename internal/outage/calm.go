package outage

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Calm keeps a background loop's log short while its failures repeat: the
// first failure is logged, then at most one line per Quiet with the number
// of failures since, and one line when the loop succeeds again. Without
// it a loop that polls every second writes a line a second for as long as
// the database is gone. Safe for concurrent use.
type Calm struct {
	log   *slog.Logger
	msg   string
	Quiet time.Duration

	mu       sync.Mutex
	failing  bool
	last     time.Time // when the last line was written
	suppress int       // failures not logged since
}

// NewCalm logs msg (say "jobs: fetch") through log, at most once a minute
// while failing.
func NewCalm(log *slog.Logger, msg string) *Calm {
	return &Calm{log: log, msg: msg, Quiet: time.Minute}
}

// Fail records a failure and logs it unless a line was written within
// Quiet. Outage errors are logged as warnings, others as errors.
func (c *Calm) Fail(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failing && time.Since(c.last) < c.Quiet {
		c.suppress++
		return
	}
	level := slog.LevelError
	if DatabaseDown(err) {
		level = slog.LevelWarn
	}
	args := []any{"err", err}
	if c.failing {
		args = append(args, "still_failing", true, "failures_not_logged", c.suppress)
	}
	c.log.Log(context.Background(), level, c.msg, args...)
	c.failing, c.last, c.suppress = true, time.Now(), 0
}

// OK records a success; after failures it logs that the loop recovered.
func (c *Calm) OK() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.failing {
		return
	}
	c.log.Info(c.msg+": works again", "failures_not_logged", c.suppress)
	c.failing, c.suppress = false, 0
}
