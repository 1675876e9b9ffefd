package backoffice

import "fmt"

// chart is a bar chart drawn on the server as SVG: no script, no style
// attributes (colours are presentation attributes), role="img" with a
// title and a description; the page shows the same numbers as a table.
type chart struct {
	ID     string // prefix of the title and description ids
	Title  string
	Desc   string
	Width  int
	Height int
	Bars   []chartBar
	Labels []chartLabel
	Legend []chartLegend
	Axis   int // y of the baseline
}

// chartBar is one bar.
type chartBar struct {
	X, Y, W, H int
	Fill       string
	Value      int
}

// chartLabel is one text under the bars or a value above a bar.
type chartLabel struct {
	X, Y int
	Text string
}

// chartLegend names a series with its colour (and the table says the same
// in words).
type chartLegend struct {
	X, Y int
	Fill string
	Text string
}

// series is one named row of values of a grouped bar chart.
type series struct {
	Name   string
	Fill   string
	Values []int
}

// The chart colours: KERN's action blue and a dark neutral, both with
// enough contrast to white and to each other in lightness.
const (
	fillPrimary   = "#2044aa"
	fillSecondary = "#6e7597"
)

// barChart lays out groups (x labels) of bars, one bar per series.
func barChart(id, title, desc string, groups []string, ss []series) chart {
	const top, bottom, left, barH = 28, 40, 8, 160
	n := max(len(ss), 1)
	groupW := max(12*n+12, 40)
	c := chart{ID: id, Title: title, Desc: desc, Width: max(left*2+groupW*max(len(groups), 1), 300),
		Height: top + barH + bottom, Axis: top + barH}
	peak := 1
	for _, s := range ss {
		for _, v := range s.Values {
			peak = max(peak, v)
		}
	}
	bw := (groupW - 12) / n
	for gi, g := range groups {
		x0 := left + gi*groupW + 6
		for si, s := range ss {
			v := 0
			if gi < len(s.Values) {
				v = s.Values[gi]
			}
			h := v * barH / peak
			x := x0 + si*bw
			c.Bars = append(c.Bars, chartBar{X: x, Y: c.Axis - h, W: bw - 2, H: h, Fill: s.Fill, Value: v})
			c.Labels = append(c.Labels, chartLabel{X: x + (bw-2)/2, Y: c.Axis - h - 4, Text: fmt.Sprint(v)})
		}
		c.Labels = append(c.Labels, chartLabel{X: x0 + (groupW-12)/2, Y: c.Axis + 16, Text: g})
	}
	for si, s := range ss {
		c.Legend = append(c.Legend, chartLegend{X: left + si*140, Y: 8, Fill: s.Fill, Text: s.Name})
	}
	return c
}
