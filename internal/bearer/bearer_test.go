package bearer

import "testing"

func TestNewIsRandomAndHashMatches(t *testing.T) {
	t.Parallel()
	a, ha := New()
	b, hb := New()
	if a == b || ha == hb || len(a) != 43 || Hash(a) != ha || Hash(b) != hb || ha == a {
		t.Fatalf("a=%q ha=%q b=%q hb=%q", a, ha, b, hb)
	}
}
