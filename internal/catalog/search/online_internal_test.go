package search

import "testing"

// TestPreferOnlineBounded: the bonus lifts an online hit that matches
// nearly as well as the best one, not one far below it.
func TestPreferOnlineBounded(t *testing.T) {
	t.Parallel()
	v := &view{docs: map[string]entry{"near": {pop: OnlinePopularity}, "far": {pop: OnlinePopularity}}}
	hits := []Hit{{ID: "best", Score: 1}, {ID: "near", Score: 0.9}, {ID: "mid", Score: 0.6}, {ID: "far", Score: 0.5}}
	preferOnline(hits, v)
	near, bonus := 0.9, onlineBonus
	want := []float64{1, near * bonus, 0.6, 0.5}
	for i, h := range hits {
		if h.Score != want[i] {
			t.Errorf("%s: score %v, want %v", h.ID, h.Score, want[i])
		}
	}
}
