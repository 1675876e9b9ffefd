package web

import (
	"net/http"
	"time"
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
			if !s.submitGate.enter(r) {
				s.refuseOverload(w, r)
				return
			}
			defer s.submitGate.leave()
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
// for one, then gets the same 503 with Retry-After. The global limit (256)
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

// submitPatterns are the routes behind the submit admission.
var submitPatterns = map[string]bool{"POST /antraege/{id}/einreichen": true}

// admission is a counting semaphore with a bounded wait.
type admission struct {
	slots  chan struct{}
	budget time.Duration
}

func newAdmission(n int, budget time.Duration) *admission {
	if n <= 0 {
		n = defaultSubmitInflight
	}
	if budget <= 0 {
		budget = defaultSubmitQueueBudget
	}
	return &admission{slots: make(chan struct{}, n), budget: budget}
}

// enter waits up to the budget for a slot; the caller calls leave after.
func (a *admission) enter(r *http.Request) bool {
	select {
	case a.slots <- struct{}{}:
		return true
	default:
	}
	t := time.NewTimer(a.budget)
	defer t.Stop()
	select {
	case a.slots <- struct{}{}:
		return true
	case <-t.C:
		return false
	case <-r.Context().Done():
		return false
	}
}

func (a *admission) leave() { <-a.slots }
