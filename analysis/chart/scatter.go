package chart

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Scatter draws an outcome y against a swept parameter x, one small
// translucent point per run. With bins > 0 it adds the mean of y in each
// of bins equal-width bins of x, as a line through (mean x, mean y) of the
// non-empty bins, and a legend.
func Scatter(l Labels, x, y []float64, bins int) (*plot.Plot, error) {
	if len(x) == 0 && len(y) == 0 {
		return nil, fmt.Errorf("chart: Scatter: %w: no points", ErrEmpty)
	}
	if len(x) != len(y) {
		return nil, fmt.Errorf("chart: Scatter: %w: len(x) = %d, len(y) = %d", ErrLength, len(x), len(y))
	}
	if err := finite("x", x); err != nil {
		return nil, fmt.Errorf("chart: Scatter: %w", err)
	}
	if err := finite("y", y); err != nil {
		return nil, fmt.Errorf("chart: Scatter: %w", err)
	}
	if bins < 0 {
		return nil, fmt.Errorf("chart: Scatter: %w: bins = %d, want >= 0", ErrInvalid, bins)
	}
	p := newPlot(l)
	addGrid(p, true)

	xys := make(plotter.XYs, len(x))
	for i := range x {
		xys[i] = plotter.XY{X: x[i], Y: y[i]}
	}
	pts, err := plotter.NewScatter(xys)
	if err != nil {
		return nil, err
	}
	ptSty := styleFor(0)
	ptSty.color.A = 0x70
	pts.GlyphStyle = ptSty.glyphStyle()
	pts.GlyphStyle.Radius = vg.Points(1.6)
	p.Add(pts)
	if bins == 0 {
		return p, nil
	}

	means := binnedMeans(x, y, bins)
	line, err := plotter.NewLine(means)
	if err != nil {
		return nil, err
	}
	meanSty := styleFor(1)
	meanSty.dashes = nil
	meanSty.glyph = styleFor(2).glyph // filled square, unlike the run points
	line.LineStyle = meanSty.line()
	line.LineStyle.Width = vg.Points(2)
	marks, err := plotter.NewScatter(means)
	if err != nil {
		return nil, err
	}
	marks.GlyphStyle = meanSty.glyphStyle()
	p.Add(line, marks)
	legendPt := pts.GlyphStyle
	legendPt.Radius = vg.Points(2.5) // the runs' tiny dots are hard to see alone
	addLegend(p, l, []legendEntry{
		{name: "Runs", thumbs: []plot.Thumbnailer{glyphThumb{legendPt}}},
		{name: fmt.Sprintf("Mean in %d bins", bins), thumbs: []plot.Thumbnailer{lineThumb{sty: meanSty}}},
	})
	return p, nil
}

// binnedMeans returns (mean x, mean y) of the non-empty ones of bins
// equal-width bins spanning x.
func binnedMeans(x, y []float64, bins int) plotter.XYs {
	lo, hi := x[0], x[0]
	for _, v := range x {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	sx := make([]float64, bins)
	sy := make([]float64, bins)
	n := make([]int, bins)
	for i, v := range x {
		b := 0
		if hi > lo {
			b = min(int((v-lo)/(hi-lo)*float64(bins)), bins-1)
		}
		sx[b] += v
		sy[b] += y[i]
		n[b]++
	}
	var out plotter.XYs
	for b := range bins {
		if n[b] > 0 {
			out = append(out, plotter.XY{X: sx[b] / float64(n[b]), Y: sy[b] / float64(n[b])})
		}
	}
	return out
}
