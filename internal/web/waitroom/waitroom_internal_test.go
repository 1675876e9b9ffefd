package waitroom

import (
	"errors"
	"testing"
	"time"
)

// clock is a settable time for expiry.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func room(t *testing.T, slots int) (*Room, *clock) {
	t.Helper()
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	r := New(slots, time.Millisecond)
	r.now, r.Reindex = c.now, 0
	return r, c
}

// TestTurnsInTicketOrder: with one slot, reloads in any order serve the
// tickets strictly in the order they were issued, each once, and a new
// submission cannot overtake the queue.
func TestTurnsInTicketOrder(t *testing.T) {
	t.Parallel()
	r, _ := room(t, 1)
	hold, ok := r.Enter(nil)
	if !ok {
		t.Fatal("the free slot was refused")
	}
	var tickets []Ticket
	for app := int64(1); app <= 5; app++ {
		tk, ok := r.Issue(app, "key", true)
		if !ok {
			t.Fatal("queue full")
		}
		tickets = append(tickets, tk)
	}
	if again, _ := r.Issue(3, "key", true); again.Token != tickets[2].Token {
		t.Error("a second submit of the same application got a second ticket")
	}
	hold()
	if _, ok := r.Enter(nil); ok {
		t.Fatal("a new submission overtook the waiting room")
	}
	var served []int64
	for len(served) < len(tickets) {
		for i := len(tickets) - 1; i >= 0; i-- { // the last ones reload first
			st, done, err := r.Check(tickets[i].Token, tickets[i].App, tickets[i].Key, true, false)
			if errors.Is(err, ErrUnknown) {
				continue // served already
			}
			if err != nil {
				t.Fatal(err)
			}
			if st.Turn {
				served = append(served, st.Ticket.App)
				done()
			} else if want := i - len(served); st.Ahead != want {
				t.Errorf("ticket %d: %d ahead, want %d", i, st.Ahead, want)
			}
		}
	}
	for i, app := range served {
		if app != int64(i+1) {
			t.Fatalf("served %v, want 1..5 in order", served)
		}
	}
	if r.Waiting() != 0 {
		t.Errorf("%d still waiting", r.Waiting())
	}
}

// TestLostTicketIsPassedOver: a ticket not reloaded within twice the
// delay its page asked for plus staleMargin stops blocking the queue but
// keeps its place until Expiry; after Expiry it is gone, and its holder,
// coming back with the key, queues again at the end.
func TestLostTicketIsPassedOver(t *testing.T) {
	t.Parallel()
	r, c := room(t, 1)
	hold, _ := r.Enter(nil)
	lost, _ := r.Issue(1, "k1", true)
	next, _ := r.Issue(2, "k2", true)
	hold()
	c.t = c.t.Add(time.Second)
	if st, _, _ := r.Check(next.Token, 2, "k2", true, false); st.Turn {
		t.Fatal("overtook a ticket that was reloaded in time")
	}
	c.t = c.t.Add(5 * time.Second) // 6 s since the lost ticket's last reload; its page asked for 1 s
	st, done, err := r.Check(next.Token, 2, "k2", true, false)
	if err != nil || !st.Turn {
		t.Fatalf("the stale head still blocks: %+v %v", st, err)
	}
	done()
	back, done, err := r.Check(lost.Token, 1, "k1", true, false)
	if err != nil || !back.Turn || back.Ticket.Key != "k1" || back.Ticket.Seq != lost.Seq {
		t.Fatalf("the late ticket lost its place: %+v %v", back, err)
	}
	done()
	if _, _, err := r.Check("9-forged", 7, "", false, false); !errors.Is(err, ErrUnknown) {
		t.Errorf("a token without key was adopted: %v", err)
	}
	if _, _, err := r.Check(next.Token, 2, "k2", true, false); !errors.Is(err, ErrUnknown) {
		t.Errorf("a served ticket queued again on reload: %v", err)
	}
	gone, _ := r.Issue(3, "k3", true)
	c.t = c.t.Add(35 * time.Second)
	if n := r.Waiting(); n != 0 {
		t.Fatalf("%d waiting after Expiry", n)
	}
	again, done, err := r.Check(gone.Token, 3, "k3", true, false)
	if err != nil || !again.Turn || again.Ticket.Seq == gone.Seq {
		t.Fatalf("the expired ticket's holder did not queue anew: %+v %v", again, err)
	}
	done()
}

// TestForeignTokenOfAWaitingApp is the regression test of the waiting
// room's livelock behind a round-robin balancer (deadline-day load at 3x,
// docs/benchmarks.md): processes a and b each issued a ticket for the same
// application; a refused b's token because the application waited under
// its own, and b refused a's, so the browser bounced between the review
// and the submit for ever. Now a takes b's token as an alias of its own
// ticket (same place), remembers it as served, and b passes over its
// copy, which no longer reloads, after twice its delay plus staleMargin.
func TestForeignTokenOfAWaitingApp(t *testing.T) {
	t.Parallel()
	a, _ := room(t, 1)
	b, cb := room(t, 1)
	holdA, _ := a.Enter(nil)
	holdB, _ := b.Enter(nil)
	ta, _ := a.Issue(1, "k1", true)
	tb, _ := b.Issue(1, "k1", true)
	st, _, err := a.Check(tb.Token, 1, "k1", true, false)
	if err != nil || st.Ticket.Seq != ta.Seq {
		t.Fatalf("b's token at a: %+v %v, want a's ticket", st, err)
	}
	holdA()
	st, done, err := a.Check(tb.Token, 1, "k1", true, false)
	if err != nil || !st.Turn {
		t.Fatalf("b's token did not get a's turn: %+v %v", st, err)
	}
	done()
	for _, tok := range []string{ta.Token, tb.Token} {
		if _, _, err := a.Check(tok, 1, "k1", true, false); !errors.Is(err, ErrUnknown) {
			t.Errorf("a served token queued again at a: %v", err)
		}
	}
	other, _ := b.Issue(2, "k2", true)
	holdB()
	cb.t = cb.t.Add(5 * time.Second) // application 1 was served at a and reloads b no more
	st, done, err = b.Check(other.Token, 2, "k2", true, false)
	if err != nil || !st.Turn {
		t.Fatalf("b's copy of a ticket served at a blocks b: %+v %v", st, err)
	}
	done()
	if _, _, err := a.Check("1-third", 5, "k5", true, false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Check("2-fourth", 5, "k5", true, false); err != nil {
		t.Errorf("a second foreign token of a waiting application: %v", err)
	}
}

// TestAdoptedTicketQueuesAtTheEnd: a reload that reaches this process
// with another process's ticket waits behind this process's queue.
func TestAdoptedTicketQueuesAtTheEnd(t *testing.T) {
	t.Parallel()
	r, _ := room(t, 1)
	hold, _ := r.Enter(nil)
	mine, _ := r.Issue(1, "k1", true)
	st, _, err := r.Check("1-elsewhere", 2, "k2", true, false)
	if err != nil || st.Turn || st.Ahead != 1 {
		t.Fatalf("adopted: %+v %v, want 1 ahead", st, err)
	}
	hold()
	if st, _, _ := r.Check("1-elsewhere", 2, "k2", true, false); st.Turn {
		t.Fatal("the adopted ticket overtook")
	}
	st, done, _ := r.Check(mine.Token, 1, "k1", true, false)
	if !st.Turn {
		t.Fatal("the own ticket did not get its turn")
	}
	r.Requeue(st.Ticket) // its submission failed: it keeps the front
	done()
	if st, _, _ := r.Check("1-elsewhere", 2, "k2", true, false); st.Turn {
		t.Fatal("overtook a requeued ticket")
	}
}

// TestManualTicketKeepsItsPlace: a holder who stopped the automatic
// reload keeps the place for ManualExpiry; not reloaded within Expiry it
// does not block the next, and reloaded later it is served first.
func TestManualTicketKeepsItsPlace(t *testing.T) {
	t.Parallel()
	r, c := room(t, 1)
	hold, _ := r.Enter(nil)
	manual, _ := r.Issue(1, "k1", true)
	next, _ := r.Issue(2, "k2", true)
	if st, _, _ := r.Check(manual.Token, 1, "k1", true, true); st.Turn {
		t.Fatal("a turn while the slot is held")
	}
	hold()
	c.t = c.t.Add(time.Minute) // the manual holder reads; the next one reloads
	st, done, err := r.Check(next.Token, 2, "k2", true, false)
	if err != nil || !st.Turn {
		t.Fatalf("a parked manual ticket blocks: %+v %v", st, err)
	}
	done()
	st, done, err = r.Check(manual.Token, 1, "k1", true, true)
	if err != nil || !st.Turn {
		t.Fatalf("the manual ticket lost its place: %+v %v", st, err)
	}
	done()
}
