package web

import (
	"testing"
	"time"
)

// TestSubmitAdmission: with every slot taken a submission waits its budget
// and is refused; a slot freed while it waits admits it.
func TestSubmitAdmission(t *testing.T) {
	a := newSubmitGate(1, 20*time.Millisecond)
	done, ok := a.Enter(nil)
	if !ok {
		t.Fatal("a free slot was refused")
	}
	if _, ok := a.Enter(nil); ok {
		t.Fatal("admitted beyond the limit")
	}
	b := newSubmitGate(1, time.Minute)
	hold, _ := b.Enter(nil)
	go func() { time.Sleep(5 * time.Millisecond); hold() }()
	if _, ok := b.Enter(nil); !ok {
		t.Fatal("a slot freed during the wait did not admit")
	}
	done()
	if d := newSubmitGate(0, 0); d.Slots() != defaultSubmitInflight {
		t.Fatalf("defaults: %d slots", d.Slots())
	}
}
