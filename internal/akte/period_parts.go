package akte

import (
	"fmt"
	"strconv"
	"strings"
)

// Period is an ISO 8601 period of whole days or more split into its
// parts (Zeitraum), as AddPeriod reads it: P5Y is {Years: 5}, P1Y6M is
// {Years: 1, Months: 6}. Pages name it in words from these parts.
type Period struct{ Years, Months, Weeks, Days int }

// ParsePeriod splits an ISO 8601 period such as P10Y or P3M; anything
// AddPeriod would refuse is an error.
func ParsePeriod(period string) (Period, error) {
	m := isoPeriod.FindStringSubmatch(strings.TrimSpace(period))
	if m == nil || strings.TrimSpace(period) == "P" {
		return Period{}, fmt.Errorf("%q is not an ISO 8601 period such as P3M or P10Y", period)
	}
	var n [5]int
	for i := 1; i <= 4; i++ {
		if m[i] == "" {
			continue
		}
		v, err := strconv.Atoi(m[i])
		if err != nil {
			return Period{}, fmt.Errorf("period %q: %w", period, err)
		}
		n[i] = v
	}
	return Period{Years: n[1], Months: n[2], Weeks: n[3], Days: n[4]}, nil
}
