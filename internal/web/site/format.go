package site

import (
	"strconv"
	"strings"
	"time"

	"github.com/amtsweg/amtsweg/internal/i18n"
)

// FormatTime shows t in Berlin time in the language lang.
func FormatTime(lang i18n.Lang, t time.Time) string {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		loc = time.UTC
	}
	if lang == i18n.English {
		return t.In(loc).Format("2 January 2006, 15:04")
	}
	return t.In(loc).Format("02.01.2006, 15:04") + " Uhr"
}

// FormatDate shows the calendar day of t, in t's own location (a date
// fixed in UTC, such as a sunset at 23:59:59 UTC, stays on its day), in
// the language lang.
func FormatDate(lang i18n.Lang, t time.Time) string {
	if lang == i18n.English {
		return t.Format("2 January 2006")
	}
	return t.Format("02.01.2006")
}

// ByteSize shows a size in kB or MB (1000-based, as apply's receipt).
func ByteSize(lang string, n int64) string { return SizeIn(lang, n, false) }

// SizeIn shows a size in B, kB or MB or, binary, in B, KiB or MiB, with
// at most one decimal.
func SizeIn(lang string, n int64, binary bool) string {
	base, units := 1000.0, []string{"B", "kB", "MB"}
	if binary {
		base, units = 1024, []string{"B", "KiB", "MiB"}
	}
	f, i := float64(n), 0
	for f >= base && i < len(units)-1 {
		f /= base
		i++
	}
	s := strconv.FormatFloat(f, 'f', 0, 64)
	if i > 0 {
		s = strings.TrimSuffix(strconv.FormatFloat(f, 'f', 1, 64), ".0")
	}
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s + " " + units[i]
}
