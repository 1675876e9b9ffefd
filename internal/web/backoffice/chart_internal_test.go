package backoffice

import (
	"slices"
	"testing"
)

func TestNiceScale(t *testing.T) {
	for _, tt := range []struct{ peak, unit, top, step int }{
		{0, 1, 1, 1}, {3, 1, 3, 1}, {6, 1, 6, 2}, {11, 1, 15, 5}, {26, 1, 30, 10}, {999, 1, 1000, 200}, {15, 10, 20, 10}, {300, 10, 300, 100},
	} {
		if top, step := niceScale(tt.peak, tt.unit); top != tt.top || step != tt.step {
			t.Errorf("niceScale(%d, %d) = %d, %d; want %d, %d", tt.peak, tt.unit, top, step, tt.top, tt.step)
		}
	}
}

func TestWrap(t *testing.T) {
	got := wrap("Landratsamt Sächsische Schweiz-Osterzgebirge, Referat Verkehrsangelegenheiten", 34)
	want := []string{"Landratsamt Sächsische", "Schweiz-Osterzgebirge, Referat", "Verkehrsangelegenheiten"}
	if !slices.Equal(got, want) {
		t.Fatalf("wrap: %q", got)
	}
}

func TestNumber(t *testing.T) {
	for in, want := range map[int]string{0: "0", 999: "999", 1000: "1.000", 1234567: "1.234.567", -4500: "-4.500"} {
		if got := number("de", in); got != want {
			t.Errorf("number(de, %d) = %q, want %q", in, got, want)
		}
	}
	if got := number("en", 12345); got != "12,345" {
		t.Errorf("number(en, 12345) = %q", got)
	}
}
