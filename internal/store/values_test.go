package store

import "testing"

func TestPlaceholders(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		rows, cols int
		want       string
	}{{1, 1, "($1)"}, {2, 2, "($1, $2), ($3, $4)"}, {1, 3, "($1, $2, $3)"}} {
		if got := Placeholders(tt.rows, tt.cols); got != tt.want {
			t.Errorf("Placeholders(%d, %d) = %q, want %q", tt.rows, tt.cols, got, tt.want)
		}
	}
}
