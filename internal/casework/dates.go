package casework

import (
	"time"
	_ "time/tzdata" // Europe/Berlin must exist on minimal hosts
)

// berlin is the time zone of the dates printed for a German authority.
func berlin() *time.Location {
	if loc, err := time.LoadLocation("Europe/Berlin"); err == nil {
		return loc
	}
	return time.FixedZone("CET", 3600)
}

func germanDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(berlin()).Format("02.01.2006")
}

func germanDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(berlin()).Format("02.01.2006, 15:04 Uhr")
}
