package chart

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// Rates draws one line per series, points marked, each with its shaded
// 95% band, and a legend; e.g. the return-to-poverty rate per year of each
// scenario. The y axis starts at 0 unless a value is negative.
func Rates(l Labels, series []Band) (*plot.Plot, error) {
	return lineChart("Rates", l, series, kindRates)
}

// Difference is like Rates, for differences between scenarios (e.g. each
// scenario minus the baseline), with a horizontal line at zero.
func Difference(l Labels, series []Band) (*plot.Plot, error) {
	return lineChart("Difference", l, series, kindDifference)
}

// Survival draws survival curves (Kaplan–Meier) as step functions, S(t)
// holding from X[i] until X[i+1], each with its 95% band if given. The y
// axis runs from 0 to 1 (set Labels.YPercent to label it in percent);
// values outside [0, 1] are an error.
func Survival(l Labels, curves []Curve) (*plot.Plot, error) {
	return lineChart("Survival", l, curves, kindSurvival)
}

type lineKind int

const (
	kindRates lineKind = iota
	kindDifference
	kindSurvival
)

func lineChart(name string, l Labels, series []Band, kind lineKind) (*plot.Plot, error) {
	if err := checkBands(name, series, kind == kindSurvival); err != nil {
		return nil, err
	}
	if err := checkOffset(name, l, len(series)); err != nil {
		return nil, err
	}
	p := newPlot(l)
	addGrid(p, false)
	step := kind == kindSurvival

	// All bands first, so that no band covers another series' line.
	for i, s := range series {
		if len(s.Lo) == 0 {
			continue
		}
		poly, err := plotter.NewPolygon(bandPolygon(s, step))
		if err != nil {
			return nil, err
		}
		poly.Color = styleFor(l.StyleOffset + i).band()
		poly.LineStyle.Width = 0
		p.Add(poly)
	}
	if kind == kindDifference {
		p.Add(zeroLine())
	}
	var entries []legendEntry
	for i, s := range series {
		sty := styleFor(l.StyleOffset + i)
		xys := make(plotter.XYs, len(s.X))
		for j := range xys {
			xys[j] = plotter.XY{X: s.X[j], Y: s.Mean[j]}
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return nil, err
		}
		line.LineStyle = sty.line()
		if step {
			line.StepStyle = plotter.PostStep
		}
		pts, err := plotter.NewScatter(xys)
		if err != nil {
			return nil, err
		}
		pts.GlyphStyle = sty.glyphStyle()
		p.Add(line, pts)
		entries = append(entries, legendEntry{name: s.Name, thumbs: []plot.Thumbnailer{lineThumb{sty: sty, band: len(s.Lo) > 0}}})
	}

	switch kind {
	case kindRates, kindDifference:
		// Rates start at 0; differences show where 0 is.
		p.Y.Min = math.Min(p.Y.Min, 0)
		if kind == kindDifference {
			p.Y.Max = math.Max(p.Y.Max, 0)
		}
	case kindSurvival:
		p.Y.Min, p.Y.Max = 0, 1
	}
	addLegend(p, l, entries)
	return p, nil
}

// bandPolygon returns the outline of s's band: along Hi, then back along
// Lo. With step, the outline follows S(t)'s steps (post-step).
func bandPolygon(s Band, step bool) plotter.XYs {
	n := len(s.X)
	var upper, lower plotter.XYs
	for i := range n {
		if step && i > 0 {
			upper = append(upper, plotter.XY{X: s.X[i], Y: s.Hi[i-1]})
			lower = append(lower, plotter.XY{X: s.X[i], Y: s.Lo[i-1]})
		}
		upper = append(upper, plotter.XY{X: s.X[i], Y: s.Hi[i]})
		lower = append(lower, plotter.XY{X: s.X[i], Y: s.Lo[i]})
	}
	for i := len(lower) - 1; i >= 0; i-- {
		upper = append(upper, lower[i])
	}
	return upper
}
