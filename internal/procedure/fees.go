package procedure

import (
	"errors"
	"strings"
)

// Fees is what applying costs (Kosten / Gebühren): a statement in German
// and English, as precise as German practice allows ("gebührenfrei",
// "in der Regel 26 bis 60 Euro, je nach Kommune"), and optionally the
// amount in euro cents for machines (API, payment): Cents alone is a fixed
// fee, Cents with MaxCents a range. The statement is what citizens read;
// the amounts never replace it.
type Fees struct {
	Text
	Cents    *int64 `json:"cents,omitempty"`
	MaxCents *int64 `json:"max_cents,omitempty"`
}

// maxFeeCents bounds a fee amount (one million euro) to catch a misplaced
// decimal point.
const maxFeeCents = 100_000_000

// IsZero reports whether no fee statement is given; encoding/json's
// omitzero uses it.
func (f Fees) IsZero() bool { return f.DE == "" && f.EN == "" && f.Cents == nil && f.MaxCents == nil }

// check reports what is wrong with a given fee statement: a statement
// needs its German text, amounts are whole cents between 0 and
// maxFeeCents, and a range needs its lower bound below its upper one.
func (f Fees) check() error {
	if f.IsZero() {
		return nil
	}
	var msgs []string
	if strings.TrimSpace(f.DE) == "" {
		msgs = append(msgs, "fees.de is missing")
	}
	if f.Cents != nil && (*f.Cents < 0 || *f.Cents > maxFeeCents) {
		msgs = append(msgs, "fees.cents must be between 0 and 100000000 (euro cents)")
	}
	if f.MaxCents != nil && (*f.MaxCents < 0 || *f.MaxCents > maxFeeCents) {
		msgs = append(msgs, "fees.max_cents must be between 0 and 100000000 (euro cents)")
	}
	if f.MaxCents != nil && (f.Cents == nil || *f.MaxCents <= *f.Cents) {
		msgs = append(msgs, "fees.max_cents needs fees.cents below it")
	}
	if len(msgs) == 0 {
		return nil
	}
	return errors.New(strings.Join(msgs, "; "))
}
