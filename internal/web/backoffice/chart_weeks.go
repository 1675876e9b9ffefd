package backoffice

import "fmt"

// weekLayout is a chart over weeks: columns of one or more series per
// week, or a line through one series. The plot is a nested SVG beginning
// plotLeft pixels in (room for the y tick labels) and plotShare percent
// wide, so that it fits from 320 px on; inside it, week i spans
// [i/n, (i+1)/n] of the width.
type weekLayout struct {
	PlotLeft  int
	PlotWidth string
	Top       int // y of the plot's top
	Bottom    int // y of the x axis
	Columns   []column
	Segments  []segment
	Points    []point
	Labels    []chartText // the week numbers
	Ticks     []chartTick
	AxisTitle chartText
}

// column is one bar of a week.
type column struct {
	X, Width string
	Y, H     int
	Fill     string
	Hatch    bool
}

// segment is one piece of a line, from one week's point to the next.
type segment struct {
	X1, X2 string
	Y1, Y2 int
}

// point is a marker of a line.
type point struct {
	X string
	Y int
}

// weekChart lays out columns (line false) or a line (line true, the first
// series) over the weeks labelled by labels.
func weekChart(id, title, desc string, labels []string, ss []series, line bool, axisTitle string, format func(int) string) chart {
	c := chart{ID: id, Title: title, Desc: desc}
	var top int
	if len(ss) > 1 || line {
		c.Legend, top = legend(ss)
	}
	peak := 0
	for _, s := range ss {
		for _, v := range s.Values {
			peak = max(peak, v)
		}
	}
	scaleTop, step := niceScale(peak, 1)
	l := &weekLayout{PlotLeft: plotLeft, PlotWidth: fmt.Sprintf("%d%%", plotShare), Top: top + 10}
	l.Bottom = l.Top + plotHeight
	y := func(v int) int { return l.Bottom - v*plotHeight/scaleTop }
	n := float64(max(len(labels), 1))
	for i, label := range labels {
		center := (float64(i) + 0.5) / n * 100
		l.Labels = append(l.Labels, chartText{X: pct(center), Y: l.Bottom + 18, Text: label, Anchor: "middle"})
		if line {
			continue
		}
		w := 0.7 / float64(max(len(ss), 1))
		for si, s := range ss {
			v := valueAt(s.Values, i)
			x := (float64(i) + 0.15 + float64(si)*w) / n * 100
			l.Columns = append(l.Columns, column{X: pct(x), Width: pct(w / n * 100), Y: y(v), H: l.Bottom - y(v), Fill: s.Fill, Hatch: s.Hatch})
		}
	}
	if line && len(ss) > 0 {
		l.Segments, l.Points = polyline(ss[0].Values, n, y)
	}
	for v := 0; v <= scaleTop; v += step {
		l.Ticks = append(l.Ticks, chartTick{Y: y(v), Label: chartText{X: fmt.Sprint(plotLeft - 6), Y: y(v) + 5, Text: format(v), Anchor: "end"}})
	}
	l.AxisTitle = chartText{X: "50%", Y: l.Bottom + 40, Text: axisTitle, Anchor: "middle"}
	c.Weeks, c.Height = l, l.Bottom+50
	return c
}

// polyline joins the weeks' values: SVG polylines take no percentages,
// so the line is drawn as segments between the points.
func polyline(values []int, n float64, y func(int) int) ([]segment, []point) {
	var segs []segment
	var pts []point
	for i, v := range values {
		x := pct((float64(i) + 0.5) / n * 100)
		pts = append(pts, point{X: x, Y: y(v)})
		if i > 0 {
			segs = append(segs, segment{X1: pts[i-1].X, Y1: pts[i-1].Y, X2: x, Y2: y(v)})
		}
	}
	return segs, pts
}
