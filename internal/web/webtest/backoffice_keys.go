package webtest

import (
	"context"
	"testing"
	"time"

	"github.com/amtsweg/amtsweg/internal/browsertest/browser"
)

// LocaleDateKeys are the digits a date input takes for d when typed, in
// the order of the browser's locale (day-month-year in German,
// month-day-year in US English).
func LocaleDateKeys(t *testing.T, ctx context.Context, d time.Time) string {
	t.Helper()
	order := browser.Eval[[]string](t, ctx, `new Intl.DateTimeFormat(undefined, {year: "numeric", month: "2-digit", day: "2-digit"})
		.formatToParts(new Date(2001, 10, 22)).filter(p => p.type !== "literal").map(p => p.type)`)
	layout := map[string]string{"day": "02", "month": "01", "year": "2006"}
	var keys string
	for _, p := range order {
		keys += d.Format(layout[p])
	}
	return keys
}
