package web

import (
	"net/http/httptest"
	"testing"
	"time"
)

// TestSubmitAdmission: with every slot taken a submission waits its budget
// and is refused; a slot freed while it waits admits it.
func TestSubmitAdmission(t *testing.T) {
	a := newAdmission(1, 20*time.Millisecond)
	r := httptest.NewRequest("POST", "/antraege/1/einreichen", nil)
	if !a.enter(r) {
		t.Fatal("a free slot was refused")
	}
	if a.enter(r) {
		t.Fatal("admitted beyond the limit")
	}
	b := newAdmission(1, time.Minute)
	b.slots <- struct{}{}
	go func() { time.Sleep(5 * time.Millisecond); b.leave() }()
	if !b.enter(r) {
		t.Fatal("a slot freed during the wait did not admit")
	}
	if d := newAdmission(0, 0); cap(d.slots) != defaultSubmitInflight || d.budget != defaultSubmitQueueBudget {
		t.Fatalf("defaults: %d slots, %v", cap(d.slots), d.budget)
	}
}
