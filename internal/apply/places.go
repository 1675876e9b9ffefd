package apply

import (
	"github.com/amtsweg/amtsweg/internal/procedure"
	"github.com/amtsweg/amtsweg/internal/store"
)

// TxPlaceResolver is a place resolver (Gemeinde lookup) that can answer
// through a given transaction. A check inside a transaction must not take
// a second connection from the pool: when every connection is held by a
// transaction that waits for one more, all of them wait until their
// clients give up (the pool deadlock of the deadline-day load,
// docs/benchmarks.md).
type TxPlaceResolver interface {
	procedure.PlaceResolver
	// In returns the resolver reading through q.
	In(q store.Querier) procedure.PlaceResolver
}

// placesIn is the place resolver for a check inside the transaction q.
func (s *Service) placesIn(q store.Querier) procedure.PlaceResolver {
	if tp, ok := s.places.(TxPlaceResolver); ok {
		return tp.In(q)
	}
	return s.places
}
