package web

import (
	"net/http"
	"time"

	"github.com/amtsweg/amtsweg/internal/web/waitroom"
)

// limitInflight serves at most Deps.MaxInflight requests at once. One more
// is answered at once with 503, Retry-After and a short text instead of
// waiting in an unbounded queue: under overload, fast refusals keep the
// requests in progress fast. Operations routes are exempt so probes and
// scrapes still see the truth. Submissions pass a second admission (below).
func (s *Server) limitInflight(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.inflight == nil || isOperational(r.Pattern) {
			next.ServeHTTP(w, r)
			return
		}
		select {
		case s.inflight <- struct{}{}:
			defer func() { <-s.inflight }()
		default:
			s.refuseOverload(w, r)
			return
		}
		if s.submitGate != nil && submitPatterns[r.Pattern] {
			done, ok := s.submitGate.Enter(r.Context().Done())
			if !ok {
				s.toWaitingRoom(w, r) // middleware_waitroom.go
				return
			}
			defer done()
		}
		next.ServeHTTP(w, r)
	})
}

// refuseOverload answers 503 with Retry-After and a short text.
func (s *Server) refuseOverload(w http.ResponseWriter, r *http.Request) {
	s.metrics.rejected.Inc()
	// Deliberately no template: the answer must stay cheap.
	w.Header().Set("Retry-After", "5")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusServiceUnavailable)
	w.Write([]byte(s.msgs.T(s.lang(r), "overload.body") + "\n"))
}

// Submissions (Einreichen) have their own, smaller admission on top of the
// global limit: at most Deps.MaxSubmitInflight are served at once, and a
// submission that finds no free slot waits at most Deps.SubmitQueueBudget
// for one; then a browser gets a ticket for the waiting room (package
// waitroom, middleware_waitroom.go), any other client the same 503 with
// Retry-After. While anyone waits in the room a new submission queues
// behind them. The global limit (256)
// alone would admit far more submissions than the database commits within
// a second, so under overload every admitted submission would be slow. An
// admitted one waits at most the budget plus the service time of the
// slots ahead of it (slots ÷ throughput). The defaults (8, 100 ms) come
// from the overload run (TestOverloadRun, docs/benchmarks.md): on two
// busy cores the throughput under overload fell to 60–180/s, where 32
// slots and 250 ms gave an admitted p99 of 1.03 s (SQLite) and 16 slots
// 0.84 s (SQLite) and 1.01 s (PostgreSQL); 8 slots gave 0.36 s and 0.78 s
// with no lower capacity (8 per group commit still needs only ~70 commits
// per second at 560 submits/s).
const (
	defaultSubmitInflight    = 8
	defaultSubmitQueueBudget = 100 * time.Millisecond
)

// newSubmitGate is the submissions' admission and waiting room, with the
// defaults for n and budget when they are not positive.
func newSubmitGate(n int, budget time.Duration) *waitroom.Room {
	if n <= 0 {
		n = defaultSubmitInflight
	}
	if budget <= 0 {
		budget = defaultSubmitQueueBudget
	}
	return waitroom.New(n, budget)
}

// submitPatterns are the routes behind the submit admission.
var submitPatterns = map[string]bool{"POST /antraege/{id}/einreichen": true}
