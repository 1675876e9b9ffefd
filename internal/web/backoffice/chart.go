package backoffice

import (
	"fmt"
	"strings"
)

// chart is a chart drawn on the server as SVG (Diagramm): no script, no
// style attributes, role="img" with a title and a description; the page
// shows the same numbers as a table beside it.
//
// It fills the content width at any size without scaling its text: the
// horizontal positions are percentages of the chart's width, the vertical
// ones and the font sizes are fixed, so labels keep a legible 13–14 px at
// 375 px and at 1265 px. Which labels could collide is decided by the
// layout, not by the data: a category's label has its own line above its
// bars (wrapped when long), the value follows the bar's end, the week
// labels are short numbers with an axis title.
type chart struct {
	ID     string // prefix of the title and description ids
	Title  string
	Desc   string
	Height int
	Legend []chartLegend
	// Bars is set for a horizontal bar chart (categories).
	Bars *barLayout
	// Weeks is set for a chart over weeks (columns or a line).
	Weeks *weekLayout
}

// chartLegend names a series with its colour and pattern (and the table
// says the same in words).
type chartLegend struct {
	X, Y  int
	Fill  string
	Text  string
	Hatch bool
}

// series is one named row of values.
type series struct {
	Name   string
	Fill   string
	Hatch  bool // striped, so that the series differ in more than colour
	Values []int
}

// The chart colours: KERN's action blue and a dark neutral, both with a
// contrast above 3:1 to white; the second series is also striped.
const (
	fillPrimary   = "#2044aa"
	fillSecondary = "#4b5275"
	inkColor      = "#131525"
	gridColor     = "#b8bdd0"
)

// Geometry shared by the charts, in CSS pixels.
const (
	legendRow  = 26 // height of one legend line
	labelLine  = 18 // height of one line of a category label
	barHeight  = 16
	barGap     = 4
	rowGap     = 14
	axisHeight = 30 // tick labels under a horizontal axis
	barSpan    = 78 // percent of the width the longest bar may take
	labelChars = 34 // characters per label line: ~300 px at 14 px
	plotLeft   = 48 // room for the y tick labels of a week chart
	plotHeight = 180
	plotShare  = 85 // percent of the width the week plot takes
)

// legend lays out the series names left to right, wrapping to a new line
// before the estimated width passes 300 px (the narrowest content).
func legend(ss []series) ([]chartLegend, int) {
	var out []chartLegend
	x, y := 0, 4
	for _, s := range ss {
		w := 24 + textWidth(s.Name, 14) + 20
		if x > 0 && x+w > 300 {
			x, y = 0, y+legendRow
		}
		out = append(out, chartLegend{X: x, Y: y, Fill: s.Fill, Text: s.Name, Hatch: s.Hatch})
		x += w
	}
	if len(out) == 0 {
		return nil, 0
	}
	return out, y + legendRow
}

// textWidth estimates the width of s at size px (an upper bound for the
// page's sans-serif font: 0.6 em a character).
func textWidth(s string, size int) int {
	return len([]rune(s)) * size * 6 / 10
}

// wrap breaks a label into lines of at most n characters at spaces (a
// longer word stands alone on its line).
func wrap(s string, n int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len([]rune(line))+1+len([]rune(w)) <= n:
			line += " " + w
		default:
			lines, line = append(lines, line), w
		}
	}
	return append(lines, line)
}

// axis says how a chart writes its values and its ticks.
type axis struct {
	Format func(int) string // a value
	Tick   func(int) string // a tick; nil: as Format
	Unit   int              // the smallest step between ticks; 0: 1
}

func (a axis) tick(v int) string {
	if a.Tick != nil {
		return a.Tick(v)
	}
	return a.Format(v)
}

func (a axis) unit() int { return max(a.Unit, 1) }

// niceScale returns the axis maximum (≥ peak, at least unit) and the step
// between ticks: 1, 2 or 5 times unit times a power of ten, at most 5
// steps.
func niceScale(peak, unit int) (top, step int) {
	peak = max(peak, 1)
	for p := unit; ; p *= 10 {
		for _, m := range []int{1, 2, 5} {
			if step = m * p; peak <= 5*step {
				return (peak + step - 1) / step * step, step
			}
		}
	}
}

// pct formats a share as an SVG percentage.
func pct(f float64) string { return fmt.Sprintf("%.2f%%", f) }

// number formats n with the language's thousands separator.
func number(lang string, n int) string {
	s := fmt.Sprint(n)
	sep := ","
	if lang == "de" {
		sep = "."
	}
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return s
}
