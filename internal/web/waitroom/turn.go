package waitroom

import (
	"errors"
	"time"
)

// servedMemory is how long a served token is remembered: a reload of the
// waiting page after the turn (back button, reload) must not queue the
// submission again; after that it would, and the idempotent submit would
// only show the receipt again.
const servedMemory = 10 * time.Minute

// ErrUnknown is a token this room does not hold (expired, served, or
// issued by another process) and cannot adopt.
var ErrUnknown = errors.New("waitroom: unknown or expired ticket")

// Check is a reload of the waiting page with token for app. A ticket
// whose turn it is takes a slot (State.Turn; call the returned done when
// the submission finished, which also removes the ticket). A token this
// process does not know — issued by another process behind the same load
// balancer — joins the queue at its end, if key is given; without a key
// it is ErrUnknown.
//
// manual marks a reload by hand (the holder stopped the automatic one).
func (r *Room) Check(token string, app int64, key string, consent, manual bool) (State, func(), error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reindex(false)
	t, err := r.find(token, app, key, consent)
	if err != nil {
		return State{}, nil, err
	}
	t.seen, t.Manual = r.now(), manual
	front := r.inFront(t)
	if front {
		select {
		case r.slots <- struct{}{}:
			r.remove(t)
			r.served[t.Token] = r.now()
			for _, a := range t.aliases {
				r.served[a] = r.now()
			}
			return State{Ticket: *t, Turn: true}, r.leaver(), nil
		default:
		}
	}
	st := State{Ticket: *t}
	if !front {
		st.Ahead = max(t.pos, cap(r.slots))
	}
	st.Estimate = r.avg * time.Duration(st.Ahead+1) / time.Duration(cap(r.slots))
	st.Refresh = min(max(st.Estimate/2, time.Second), 10*time.Second)
	t.refresh = st.Refresh
	return st, nil, nil
}

// find returns the ticket of token for app: its own; or, for a token
// issued by another process, app's ticket here (the token becomes its
// alias) or, when app does not wait here, token adopted at the queue's
// end; never a token served here lately.
//
// Behind a balancer without sticky sessions a browser's reloads alternate
// between processes, each of which issued its own token for the same
// application. Refusing the other process's token (as before) sent every
// reload back to the review and every re-submit to the other process,
// which refused this one's: the guests of the deadline-day load at 3x
// bounced between the two for ever while both processes stood idle
// (docs/benchmarks.md; TestForeignTokenOfAWaitingApp).
func (r *Room) find(token string, app int64, key string, consent bool) (*Ticket, error) {
	if t, ok := r.byToken[token]; ok {
		if t.App != app {
			return nil, ErrUnknown
		}
		return t, nil
	}
	if _, ok := r.served[token]; ok || key == "" {
		return nil, ErrUnknown
	}
	if t, ok := r.byApp[app]; ok {
		if len(t.aliases) >= maxAliases {
			return nil, ErrUnknown
		}
		t.aliases = append(t.aliases, token)
		r.byToken[token] = t
		return t, nil
	}
	if r.queue.Len() >= r.MaxWaiting {
		return nil, ErrUnknown
	}
	return r.add(app, key, consent, token), nil
}

// maxAliases bounds the tokens of other processes one ticket answers to
// (one per process is what a balancer produces).
const maxAliases = 16

// Requeue puts back a ticket whose turn could not be used (the
// submission failed for a reason worth retrying) at the queue's front.
func (r *Room) Requeue(t Ticket) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.byToken[t.Token]; ok {
		return
	}
	delete(r.served, t.Token)
	nt := t
	nt.seen, nt.pos = r.now(), 0
	nt.elem = r.queue.PushFront(&nt)
	r.byToken[nt.Token], r.byApp[nt.App] = &nt, &nt
	for _, a := range nt.aliases {
		delete(r.served, a)
		r.byToken[a] = &nt
	}
	r.reindex(true)
}

// inFront reports whether t is among the first Slots tickets, the ones
// whose turn it is as soon as a slot is free. Stale tickets keep their
// place but are passed over: those not reloaded within twice the delay
// their page asked for plus staleMargin (a closed tab, a ticket served by
// another process, a person who stopped the automatic reload). Before,
// a ticket blocked its slot until Expiry (30 s); with several processes
// every ticket served elsewhere did, for every process it had reached.
func (r *Room) inFront(t *Ticket) bool {
	now, n := r.now(), 0
	for e := r.queue.Front(); e != nil && n < cap(r.slots); e = e.Next() {
		q := e.Value.(*Ticket)
		if q == t {
			return true
		}
		if !q.seen.Before(now.Add(-min(2*q.refresh+staleMargin, r.Expiry))) {
			n++
		}
	}
	return false
}

// staleMargin is the time a reload may be late before its ticket is
// passed over (a slow network, a busy browser; a reload that alternates
// between processes reaches each only every other time, which the factor
// 2 covers).
const staleMargin = 2 * time.Second

func (r *Room) remove(t *Ticket) {
	r.queue.Remove(t.elem)
	delete(r.byToken, t.Token)
	for _, a := range t.aliases {
		if r.byToken[a] == t {
			delete(r.byToken, a)
		}
	}
	if r.byApp[t.App] == t {
		delete(r.byApp, t.App)
	}
}

// reindex drops tickets not reloaded within Expiry (ManualExpiry for
// manual ones) and recomputes every
// ticket's position, at most every Reindex unless forced: one walk over
// the queue, so a reload costs O(1) in between. Callers hold mu.
func (r *Room) reindex(force bool) {
	now := r.now()
	if !force && now.Sub(r.indexed) < r.Reindex {
		return
	}
	r.indexed = now
	cut, manualCut, pos := now.Add(-r.Expiry), now.Add(-r.ManualExpiry), 0
	for token, at := range r.served {
		if at.Before(now.Add(-servedMemory)) {
			delete(r.served, token)
		}
	}
	for e := r.queue.Front(); e != nil; {
		next := e.Next()
		if t := e.Value.(*Ticket); t.seen.Before(manualCut) || !t.Manual && t.seen.Before(cut) {
			r.remove(t)
		} else {
			t.pos, pos = pos, pos+1
		}
		e = next
	}
}
