package akte

import (
	"testing"
	"time"
)

func TestAddPeriod(t *testing.T) {
	t.Parallel()
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 10, 0, 0, 0, time.UTC) }
	tests := []struct {
		from   time.Time
		period string
		want   time.Time
		bad    bool
	}{
		{d(2026, 3, 2), "P3M", d(2026, 6, 2), false},
		{d(2026, 1, 31), "P1M", d(2026, 2, 28), false},
		{d(2028, 2, 29), "P1Y", d(2029, 2, 28), false},
		{d(2026, 3, 2), "P10Y", d(2036, 3, 2), false},
		{d(2026, 3, 2), "P2W", d(2026, 3, 16), false},
		{d(2026, 3, 2), "P1Y2M3D", d(2027, 5, 5), false},
		{d(2026, 3, 2), "P", time.Time{}, true},
		{d(2026, 3, 2), "PT5H", time.Time{}, true},
		{d(2026, 3, 2), "10Y", time.Time{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.period, func(t *testing.T) {
			got, err := AddPeriod(tt.from, tt.period)
			if (err != nil) != tt.bad || !got.Equal(tt.want) {
				t.Fatalf("AddPeriod(%v, %q) = %v, %v; want %v", tt.from, tt.period, got, err, tt.want)
			}
		})
	}
}

func TestYearsAndPrimaryName(t *testing.T) {
	t.Parallel()
	for p, want := range map[string]int{"P10Y": 10, "P6M": 0, "P1Y6M": 0, "": 0} {
		if got := years(p); got != want {
			t.Errorf("years(%q) = %d, want %d", p, got, want)
		}
	}
	d := Document{GUID: "7bf9473a-b4a7-41ec-a407-005056871b7c", FileName: "../Geburts urkunde (Kopie).pdf"}
	if got, want := primaryName(d), "7bf9473a-b4a7-41ec-a407-005056871b7c_Geburts_urkunde_Kopie_.pdf"; got != want {
		t.Errorf("primaryName = %q, want %q", got, want)
	}
}
