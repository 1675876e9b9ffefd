// Package waitroom is the submissions' waiting room (Warteraum): when more
// browsers submit than the process can serve at once, each gets a ticket
// and a page that reloads itself (no JavaScript: a meta refresh and the
// Refresh header to a GET address) until it is its turn; then that GET
// performs the submission of the saved draft, idempotently, with the
// consent and idempotency key of the POST that got the ticket.
//
// Order: tickets are served strictly in the order they were issued, and
// while anyone waits a new submission queues behind them instead of
// overtaking. Capacity: at most Slots submissions run at once (the
// --max-submit-inflight limit); a ticket's turn comes when it is among
// the first Slots waiting and a slot is free. A ticket whose browser
// stops reloading (closed tab, lost connection, served by another
// process) is passed over once it is late by twice its page's delay plus
// a margin, so it cannot block the queue, and expires after Expiry; its
// draft stays saved and can be submitted again, which queues it anew.
//
// The queue is in memory, one per process (docs/crisis.md): a ticket
// lives as long as its process; a reload that reaches another process
// (no sticky sessions) joins that process's queue at its end (or, when
// the application already waits there under that process's own token, is
// taken as the same ticket), and one that
// outlives its process starts again from the submit button. Nothing is
// lost either way: the draft is saved before the ticket is issued, and
// the submission is idempotent.
package waitroom

import (
	"container/list"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"time"
)

// Ticket is one place in the queue.
type Ticket struct {
	Token   string // "<seq>-<random>": unguessable, so only its holder can use it
	Seq     uint64 // issue order
	App     int64  // the application (Antrag) to submit
	Key     string // the idempotency key of the submit form
	Consent bool   // the consent box was ticked
	// Manual: its holder stopped the automatic reload (WCAG 2.2.1, timing
	// adjustable) and reloads by hand: kept for ManualExpiry, and while
	// not reloaded within Expiry it keeps its place without blocking the
	// ones behind it.
	Manual bool
	seen   time.Time
	// refresh is the reload delay its page was last given: a ticket not
	// reloaded within twice that (plus a margin) is passed over, not
	// dropped (stale).
	refresh time.Duration
	// aliases are tokens other processes issued for the same application,
	// presented here by its holder's reloads (no sticky sessions).
	aliases []string
	elem    *list.Element
	pos     int // tickets ahead, as of the last reindex
}

// State is what a ticket's holder learns on a reload.
type State struct {
	Ticket   Ticket
	Turn     bool          // it may submit now: call Done when finished
	Ahead    int           // tickets before it
	Estimate time.Duration // until its turn, roughly
	Refresh  time.Duration // when the page should reload
}

// Room is one process's waiting room. Safe for concurrent use.
type Room struct {
	// Expiry drops a ticket not reloaded for that long (default 30 s).
	Expiry time.Duration
	// ManualExpiry is Expiry for tickets reloaded by hand (default 15 min).
	ManualExpiry time.Duration
	// MaxWaiting bounds the queue (default 100,000); more get the plain
	// overload answer.
	MaxWaiting int
	// Reindex is how often the positions shown and the expiry are
	// recomputed (a walk over the queue; default 500 ms). The turn itself
	// is always decided exactly.
	Reindex time.Duration

	slots   chan struct{}
	budget  time.Duration
	mu      sync.Mutex
	queue   *list.List // of *Ticket, oldest first
	byToken map[string]*Ticket
	byApp   map[int64]*Ticket
	served  map[string]time.Time // tokens whose turn came, so a reload does not queue them again
	seq     uint64
	avg     time.Duration // moving average of a submission's time
	indexed time.Time     // last reindex
	now     func() time.Time
}

// New returns a room with n slots; a direct submission waits at most
// budget for one while nobody queues.
func New(n int, budget time.Duration) *Room {
	return &Room{Expiry: 30 * time.Second, ManualExpiry: 15 * time.Minute, MaxWaiting: 100_000, Reindex: 500 * time.Millisecond, slots: make(chan struct{}, max(n, 1)),
		budget: budget, queue: list.New(), byToken: map[string]*Ticket{}, byApp: map[int64]*Ticket{}, served: map[string]time.Time{}, avg: 100 * time.Millisecond, now: time.Now}
}

// Slots is the number of submissions served at once.
func (r *Room) Slots() int { return cap(r.slots) }

// Enter admits a direct submission: only while nobody waits, within the
// budget. done (non-nil when admitted) releases the slot.
func (r *Room) Enter(cancel <-chan struct{}) (done func(), ok bool) {
	if r.Waiting() > 0 {
		return nil, false
	}
	select {
	case r.slots <- struct{}{}:
		return r.leaver(), true
	default:
	}
	t := time.NewTimer(r.budget)
	defer t.Stop()
	select {
	case r.slots <- struct{}{}:
		return r.leaver(), true
	case <-t.C:
	case <-cancel:
	}
	return nil, false
}

// leaver releases a slot once and feeds the average service time.
func (r *Room) leaver() func() {
	start := r.now()
	var once sync.Once
	return func() {
		once.Do(func() {
			<-r.slots
			r.mu.Lock()
			r.avg = (r.avg*7 + r.now().Sub(start)) / 8
			r.mu.Unlock()
		})
	}
}

// InUse is the number of submissions being served.
func (r *Room) InUse() int { return len(r.slots) }

// Waiting is the number of tickets in the queue.
func (r *Room) Waiting() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reindex(false)
	return r.queue.Len()
}

// Issue queues app's submission and returns its ticket; an application
// that already waits keeps its place. ok is false when the queue is full.
func (r *Room) Issue(app int64, key string, consent bool) (Ticket, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reindex(false)
	if t, ok := r.byApp[app]; ok {
		t.Key, t.Consent, t.seen = key, consent, r.now()
		return *t, true
	}
	if r.queue.Len() >= r.MaxWaiting {
		return Ticket{}, false
	}
	return *r.add(app, key, consent, ""), true
}

func (r *Room) add(app int64, key string, consent bool, token string) *Ticket {
	r.seq++
	if token == "" {
		b := make([]byte, 16)
		rand.Read(b)
		token = fmt.Sprintf("%d-%s", r.seq, hex.EncodeToString(b))
	}
	t := &Ticket{Token: token, Seq: r.seq, App: app, Key: key, Consent: consent, seen: r.now(), refresh: time.Second, pos: r.queue.Len()}
	t.elem = r.queue.PushBack(t)
	r.byToken[token], r.byApp[app] = t, t
	return t
}
