package procedure

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Berlin must exist on minimal hosts
)

const isoDate = "2006-01-02"

// berlin is the time zone that decides what "today" is for a German authority.
var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.FixedZone("CET", 3600)
	}
	return loc
}()

// todayIn returns the calendar date of now in Berlin as an ISO string.
func todayIn(now time.Time) string { return now.In(berlin).Format(isoDate) }

// parseISODate parses "2006-01-02" strictly.
func parseISODate(s string) (time.Time, error) {
	if len(s) != len(isoDate) {
		return time.Time{}, fmt.Errorf("%q is not a date (YYYY-MM-DD)", s)
	}
	return time.Parse(isoDate, s)
}

// parseDateInput accepts the ISO form and the German form "02.01.2006" and
// returns the ISO form.
func parseDateInput(s string) (string, bool) {
	if t, err := parseISODate(s); err == nil {
		return t.Format(isoDate), true
	}
	if t, err := time.Parse("2.1.2006", s); err == nil && t.Year() >= 1000 {
		return t.Format(isoDate), true
	}
	return "", false
}

var relativeDate = regexp.MustCompile(`^today(?:([+-])(\d{1,4})([dmy]))?$`)

// checkDateBound checks a min_date/max_date: an ISO date, "today", or
// "today±N(d|m|y)" such as "today-120y".
func checkDateBound(s string) error {
	if _, err := parseISODate(s); err == nil {
		return nil
	}
	if relativeDate.MatchString(s) {
		return nil
	}
	return fmt.Errorf("date bound %q is neither YYYY-MM-DD nor today±N(d|m|y)", s)
}

// resolveDateBound turns a checked bound into an ISO date relative to today.
func resolveDateBound(s, today string) string {
	m := relativeDate.FindStringSubmatch(s)
	if m == nil {
		return s
	}
	t, _ := parseISODate(today)
	if m[1] == "" {
		return today
	}
	n, _ := strconv.Atoi(m[2])
	if m[1] == "-" {
		n = -n
	}
	switch m[3] {
	case "d":
		t = t.AddDate(0, 0, n)
	case "m":
		t = addMonths(t, n)
	default:
		t = addMonths(t, 12*n)
	}
	return t.Format(isoDate)
}

var isoDuration = regexp.MustCompile(`^P(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?$`)

// checkDuration checks an ISO 8601 period of whole days or more (P3M, P10Y).
func checkDuration(s string) error {
	if s == "P" || !isoDuration.MatchString(strings.TrimSpace(s)) {
		return fmt.Errorf("%q is not an ISO 8601 period such as P3M or P10Y", s)
	}
	return nil
}

// addMonths moves t by n months, clamping to the month's last day
// (31 March minus one month is 28/29 February, not 3 March).
func addMonths(t time.Time, n int) time.Time {
	first := time.Date(t.Year(), t.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(t.Day(), last)-1)
}
