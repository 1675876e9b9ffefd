package procedure_test

import (
	"slices"
	"testing"

	"github.com/amtsweg/amtsweg/internal/procedure"
)

// TestSplitIndex pins the one reading of a field path's index. The cases
// are those where the readers it replaced disagreed: apply's (first '[',
// so "a[1][2]" kept no index), the web form parser's (last '['), and the
// test generator's (a negative index read as none, "[2]" as a step);
// all three also took "+1" and "01" for 1.
func TestSplitIndex(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		path string
		idx  int
	}{
		{"kinder", "kinder", -1},
		{"kinder[0]", "kinder", 0},
		{"kinder[12]", "kinder", 12},
		{"eltern[0].kinder[1]", "eltern[0].kinder", 1},
		{"a[1][2]", "a[1]", 2},
		{"kinder[-1]", "kinder[-1]", -1},
		{"kinder[+1]", "kinder[+1]", -1},
		{"kinder[01]", "kinder[01]", -1},
		{"kinder[]", "kinder[]", -1},
		{"kinder[x]", "kinder[x]", -1},
		{"kinder[1", "kinder[1", -1},
		{"[2]", "[2]", -1},
		{"kinder[99999999999999999999]", "kinder[99999999999999999999]", -1},
	}
	for _, tt := range tests {
		path, idx := procedure.SplitIndex(tt.in)
		if path != tt.path || idx != tt.idx {
			t.Errorf("SplitIndex(%q) = %q, %d; want %q, %d", tt.in, path, idx, tt.path, tt.idx)
		}
	}
}

func TestParsePath(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []procedure.Step
	}{
		{"name", []procedure.Step{{"name", -1}}},
		{"kinder[1].name", []procedure.Step{{"kinder", 1}, {"name", -1}}},
		{"eltern[0].kinder[2].urkunde", []procedure.Step{{"eltern", 0}, {"kinder", 2}, {"urkunde", -1}}},
		{"a[1][2].b", []procedure.Step{{"a[1]", 2}, {"b", -1}}},
		{"kinder[-1].name", []procedure.Step{{"kinder[-1]", -1}, {"name", -1}}},
	}
	for _, tt := range tests {
		if got := procedure.ParsePath(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("ParsePath(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
