package akte

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var isoPeriod = regexp.MustCompile(`^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$`)

// AddPeriod adds an ISO 8601 period of whole days or more (P10Y, P3M,
// P6W, P14D) to t, as used for the retention period
// (Aufbewahrungsfrist) and the processing deadline (Bearbeitungsfrist).
// Months are added in the calendar and clamped to the month's end
// (31 January plus P1M is 28/29 February).
func AddPeriod(t time.Time, period string) (time.Time, error) {
	m := isoPeriod.FindStringSubmatch(strings.TrimSpace(period))
	if m == nil || period == "P" {
		return time.Time{}, fmt.Errorf("%q is not an ISO 8601 period such as P3M or P10Y", period)
	}
	n := make([]int, 5)
	for i := 1; i <= 4; i++ {
		if m[i] != "" {
			v, err := strconv.Atoi(m[i])
			if err != nil {
				return time.Time{}, fmt.Errorf("period %q: %w", period, err)
			}
			n[i] = v
		}
	}
	months := 12*n[1] + n[2]
	if months != 0 {
		first := time.Date(t.Year(), t.Month()+time.Month(months), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
		last := first.AddDate(0, 1, -1).Day()
		t = first.AddDate(0, 0, min(t.Day(), last)-1)
	}
	return t.AddDate(0, 0, 7*n[3]+n[4]), nil
}
