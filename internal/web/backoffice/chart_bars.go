package backoffice

// barLayout is a horizontal bar chart: one group of bars per category,
// its label on its own line(s) above the bars, the value after each bar's
// end, an axis with ticks below.
type barLayout struct {
	Groups  []barGroup
	Ticks   []chartTick
	Axis    int // y of the axis line
	TickEnd int // y where the ticks under the axis end
}

// barGroup is one category.
type barGroup struct {
	Lines []chartText // the label, wrapped
	Bars  []hbar
}

// hbar is one bar; its width is a percentage of the chart.
type hbar struct {
	Y      int
	Width  string
	Fill   string
	Hatch  bool
	Value  string // the formatted value, drawn after the bar
	ValueX string
}

// chartText is a text at a position (X may be a percentage).
type chartText struct {
	X      string
	Y      int
	Text   string
	Anchor string // "start", "middle" or "end"
}

// chartTick is one tick of an axis: its position, its grid line and its
// label.
type chartTick struct {
	At    string // x (percentage) of a horizontal axis, or "" for a y axis
	Y     int    // y of a vertical axis' tick
	Label chartText
}

// barChart lays out one group per label with one bar per series.
func barChart(id, title, desc string, labels []string, ss []series, ax axis) chart {
	c := chart{ID: id, Title: title, Desc: desc}
	var top int
	if len(ss) > 1 {
		c.Legend, top = legend(ss)
	}
	peak := 0
	for _, s := range ss {
		for _, v := range s.Values {
			peak = max(peak, v)
		}
	}
	scaleTop, step := niceScale(peak, ax.unit())
	l := &barLayout{}
	y := top + 4
	for i, label := range labels {
		var g barGroup
		for _, line := range wrap(label, labelChars) {
			y += labelLine
			g.Lines = append(g.Lines, chartText{X: "0", Y: y - 4, Text: line, Anchor: "start"})
		}
		y += barGap
		for _, s := range ss {
			v := valueAt(s.Values, i)
			w := float64(v) / float64(scaleTop) * barSpan
			g.Bars = append(g.Bars, hbar{Y: y, Width: pct(w), Fill: s.Fill, Hatch: s.Hatch, Value: ax.Format(v), ValueX: pct(w)})
			y += barHeight + barGap
		}
		l.Groups = append(l.Groups, g)
		y += rowGap - barGap
	}
	l.Axis, l.TickEnd = y, y+5
	for v := 0; v <= scaleTop; v += step {
		at := pct(float64(v) / float64(scaleTop) * barSpan)
		anchor := "middle"
		if v == 0 {
			anchor = "start"
		}
		l.Ticks = append(l.Ticks, chartTick{At: at, Label: chartText{X: at, Y: y + 20, Text: ax.tick(v), Anchor: anchor}})
	}
	c.Bars, c.Height = l, y+axisHeight
	return c
}

func valueAt(xs []int, i int) int {
	if i < len(xs) {
		return xs[i]
	}
	return 0
}
