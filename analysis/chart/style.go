package chart

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// okabeIto is the Okabe–Ito colour-blind-safe palette (Okabe & Ito, 2008)
// in the order series use it. Yellow comes last: it is the hardest to see
// on white.
var okabeIto = [...]color.NRGBA{
	{R: 0x00, G: 0x72, B: 0xB2, A: 0xFF}, // blue
	{R: 0xD5, G: 0x5E, B: 0x00, A: 0xFF}, // vermillion
	{R: 0x00, G: 0x9E, B: 0x73, A: 0xFF}, // bluish green
	{R: 0xE6, G: 0x9F, B: 0x00, A: 0xFF}, // orange
	{R: 0xCC, G: 0x79, B: 0xA7, A: 0xFF}, // reddish purple
	{R: 0x56, G: 0xB4, B: 0xE9, A: 0xFF}, // sky blue
	{R: 0x00, G: 0x00, B: 0x00, A: 0xFF}, // black
	{R: 0xF0, G: 0xE4, B: 0x42, A: 0xFF}, // yellow
}

// Palette returns the Okabe–Ito colours in the order chart series use
// them: blue, vermillion, bluish green, orange, reddish purple, sky blue,
// black, yellow.
func Palette() []color.NRGBA {
	return append([]color.NRGBA(nil), okabeIto[:]...)
}

// MaxSeries is the largest number of series (or bar names) one chart can
// draw: the number of distinct colour, dash, marker and hatch styles.
const MaxSeries = 8

// hatch is the fill pattern of a bar, so bars can be told apart in
// grayscale.
type hatch int

const (
	hatchNone hatch = iota
	hatchDiagUp
	hatchDiagDown
	hatchCross
	hatchHoriz
	hatchVert
	hatchDots
	hatchGrid
)

// seriesStyle is everything that tells series i apart.
type seriesStyle struct {
	color  color.NRGBA
	dashes []vg.Length
	glyph  draw.GlyphDrawer
	hatch  hatch
}

func styleFor(i int) seriesStyle {
	dashes := [][]vg.Length{
		nil, // solid
		{vg.Points(6), vg.Points(3)},
		{vg.Points(1.5), vg.Points(2)},
		{vg.Points(7), vg.Points(2), vg.Points(1.5), vg.Points(2)},
		{vg.Points(12), vg.Points(3)},
		{vg.Points(7), vg.Points(2), vg.Points(1.5), vg.Points(2), vg.Points(1.5), vg.Points(2)},
		{vg.Points(3), vg.Points(3)},
		{vg.Points(12), vg.Points(2), vg.Points(3), vg.Points(2)},
	}
	glyphs := []draw.GlyphDrawer{
		draw.CircleGlyph{},
		draw.PyramidGlyph{},
		draw.BoxGlyph{},
		diamondGlyph{},
		draw.RingGlyph{},
		draw.TriangleGlyph{},
		draw.CrossGlyph{},
		draw.SquareGlyph{},
	}
	i %= MaxSeries
	return seriesStyle{color: okabeIto[i], dashes: dashes[i], glyph: glyphs[i], hatch: hatch(i)}
}

func (s seriesStyle) line() draw.LineStyle {
	return draw.LineStyle{Color: s.color, Width: lineWidth, Dashes: s.dashes}
}

func (s seriesStyle) glyphStyle() draw.GlyphStyle {
	return draw.GlyphStyle{Color: s.color, Radius: markerRadius, Shape: s.glyph}
}

// band returns the translucent fill colour of the series' 95% band.
func (s seriesStyle) band() color.NRGBA {
	c := s.color
	c.A = bandAlpha
	return c
}

// diamondGlyph draws a filled diamond.
type diamondGlyph struct{}

func (diamondGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetColor(sty.Color)
	r := sty.Radius * 1.25
	var p vg.Path
	p.Move(vg.Point{X: pt.X, Y: pt.Y + r})
	p.Line(vg.Point{X: pt.X + r, Y: pt.Y})
	p.Line(vg.Point{X: pt.X, Y: pt.Y - r})
	p.Line(vg.Point{X: pt.X - r, Y: pt.Y})
	p.Close()
	c.Fill(p)
}

const (
	lineWidth    = vg.Length(1.5)
	markerRadius = vg.Length(2.5)
	bandAlpha    = 0x38 // about 22% opaque

	titleSize  = vg.Length(13)
	labelSize  = vg.Length(11)
	tickSize   = vg.Length(10)
	legendSize = vg.Length(10)
	pointSize  = vg.Length(9) // text next to points (cost-effect names)
)

var (
	gridColor = color.Gray{Y: 0xDE}
	axisColor = color.Gray{Y: 0x33}
	refColor  = color.Gray{Y: 0x40} // reference lines (zero line)

	whiskerColor = color.Black
	hatchColor   = color.White
)

// sansFont is the Liberation Sans face embedded in gonum/plot: same
// metrics everywhere, whatever fonts the machine has.
func sansFont(size vg.Length, bold bool) font.Font {
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
	if bold {
		f.Weight = xfont.WeightBold
	}
	return f
}

// newPlot returns a plot with the package's fonts, axis labels and tick
// formatting applied.
func newPlot(l Labels) *plot.Plot {
	p := plot.New()
	p.Title.Text = l.Title
	p.Title.TextStyle.Font = sansFont(titleSize, true)
	p.Title.Padding = vg.Points(8)

	for _, ax := range []struct {
		a       *plot.Axis
		label   string
		percent bool
		points  bool
		maxK    int
	}{{&p.X, l.X, l.XPercent, l.XPoints, xIntervals}, {&p.Y, l.Y, l.YPercent, l.YPoints, yIntervals}} {
		a := ax.a
		a.Label.Text = ax.label
		a.Label.TextStyle.Font = sansFont(labelSize, false)
		a.Label.Padding = vg.Points(4)
		a.Tick.Label.Font = sansFont(tickSize, false)
		a.Tick.Marker = ticker{percent: ax.percent, points: ax.points, maxIntervals: ax.maxK}
		a.LineStyle.Color = axisColor
		a.LineStyle.Width = vg.Points(0.75)
		a.Tick.LineStyle.Color = axisColor
		a.Tick.LineStyle.Width = vg.Points(0.75)
		a.AutoRescale = true
	}
	p.Legend.TextStyle.Font = sansFont(legendSize, false)
	return p
}

// addGrid adds light horizontal grid lines (and vertical ones if vertical).
func addGrid(p *plot.Plot, vertical bool) {
	g := plotter.NewGrid()
	g.Horizontal.Color = gridColor
	g.Horizontal.Width = vg.Points(0.5)
	if vertical {
		g.Vertical.Color = gridColor
		g.Vertical.Width = vg.Points(0.5)
	} else {
		g.Vertical.Color = nil
	}
	p.Add(g)
}

// zeroLine returns a horizontal reference line at y = 0 across the plot.
func zeroLine() *plotter.Function {
	f := plotter.NewFunction(func(float64) float64 { return 0 })
	f.LineStyle = draw.LineStyle{Color: refColor, Width: vg.Points(1)}
	return f
}

// ticker places ticks at round values (steps of 1, 2, 2.5 or 5 times a
// power of ten), at most maxIntervals+1 of them, and labels them plainly,
// with thousands separators, or as percent. With Axis.AutoRescale the
// axis then ends on labelled ticks.
type ticker struct {
	percent      bool
	points       bool // percentage points: ×100, signed, no % sign
	maxIntervals int
}

const (
	xIntervals = 5 // at most this many intervals between x tick labels
	yIntervals = 7 // y tick labels are narrower: more can fit
)

func (t ticker) Ticks(min, max float64) []plot.Tick {
	vals := niceTicks(min, max, t.maxIntervals)
	scale := 1.0
	if t.percent || t.points {
		scale = 100
	}
	scaled := make([]float64, len(vals))
	for i, v := range vals {
		scaled[i] = v * scale
	}
	dec := decimals(scaled)
	ticks := make([]plot.Tick, len(vals))
	for i, v := range vals {
		s := formatNumber(scaled[i], dec)
		if t.percent {
			s += "%"
		}
		if t.points && scaled[i] > 0 && strings.Trim(s, "0.") != "" {
			s = "+" + s
		}
		ticks[i] = plot.Tick{Value: v, Label: s}
	}
	return ticks
}

// niceTicks returns round tick values covering [min, max] with at most
// maxK intervals. Among the round steps it prefers the one whose ticks
// waste least room beyond the data, then the one closest to five
// intervals.
func niceTicks(min, max float64, maxK int) []float64 {
	if !(max > min) || math.IsInf(min, 0) || math.IsInf(max, 0) {
		return []float64{min}
	}
	span := max - min
	var best struct {
		lo, step, score float64
		k               int
	}
	best.score = math.Inf(-1)
	mag0 := math.Floor(math.Log10(span))
	for e := mag0 - 2; e <= mag0+1; e++ {
		for _, m := range []float64{1, 2, 2.5, 5} {
			step := m * math.Pow(10, e)
			lo := math.Floor(min/step+1e-9) * step
			hi := math.Ceil(max/step-1e-9) * step
			k := int(math.Round((hi - lo) / step))
			if k < 2 || k > maxK {
				continue
			}
			score := span/(hi-lo) - 0.05*math.Abs(float64(k-5))
			if m == 2.5 {
				score -= 0.02 // needs one more decimal in its labels
			}
			if score > best.score+1e-9 {
				best.lo, best.step, best.score, best.k = lo, step, score, k
			}
		}
	}
	if best.k == 0 { // no candidate: cannot happen for finite min < max
		return []float64{min, max}
	}
	vals := make([]float64, best.k+1)
	k0 := math.Round(best.lo / best.step)
	for i := range vals {
		// (k0+i)*step, not lo+i*step: no accumulated rounding.
		vals[i] = (k0 + float64(i)) * best.step
	}
	return vals
}

// decimals returns the fewest decimals (at most 6) that show every value
// in vals exactly enough to tell them apart.
func decimals(vals []float64) int {
	var big float64
	for _, v := range vals {
		big = math.Max(big, math.Abs(v))
	}
	tol := 1e-9 * math.Max(big, 1e-300)
	for d := 0; d < 6; d++ {
		p := math.Pow10(d)
		ok := true
		for _, v := range vals {
			if math.Abs(math.Round(v*p)/p-v) > tol {
				ok = false
				break
			}
		}
		if ok {
			return d
		}
	}
	return 6
}

// formatNumber formats v with dec decimals, grouping thousands with commas
// when |v| >= 10000 so large costs stay readable.
func formatNumber(v float64, dec int) string {
	s := strconv.FormatFloat(v, 'f', dec, 64)
	if strings.Trim(s, "-0.") == "" {
		s = strings.TrimPrefix(s, "-") // no "-0"
	}
	sign := ""
	if s[0] == '-' {
		sign, s = "\u2212", s[1:] // a true minus sign, not a hyphen
	}
	if math.Abs(v) < 10000 {
		return sign + s
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i:]
	}
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return sign + b.String() + frac
}
