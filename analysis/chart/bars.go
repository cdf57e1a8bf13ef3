package chart

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// GroupedBars draws one group of bars per Group along the x axis (groups
// and the bars within a group in order of first appearance), one bar per
// Name within each group, told apart by colour and hatching and named in
// the legend, each with a whisker from Lo to Hi. Bars start at zero. A
// (Group, Name) pair that does not occur leaves a gap. Long group names
// are slanted.
//
// Use it for the rate by household type (Name) per scenario (Group), or
// for Sobol indices S1 and ST (Name) per parameter (Group).
func GroupedBars(l Labels, bars []Bar) (*plot.Plot, error) {
	g, err := newBarGroups(bars)
	if err != nil {
		return nil, err
	}
	if err := checkOffset("GroupedBars", l, len(g.names)); err != nil {
		return nil, err
	}
	g.offset = l.StyleOffset
	p := newPlot(l)
	addGrid(p, false)
	p.Add(g)

	ticks := make([]plot.Tick, len(g.groups))
	var widest vg.Length
	for i, name := range g.groups {
		ticks[i] = plot.Tick{Value: float64(i), Label: name}
		widest = max(widest, p.X.Tick.Label.Width(name))
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Tick.Length = 0
	p.X.AutoRescale = false
	// The chart's data area is some 300 points wide at the default size:
	// slant group names that would not fit side by side.
	if widest > 0.9*vg.Points(300)/vg.Length(len(g.groups)) {
		p.X.Tick.Label.Rotation = math.Pi / 6
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YCenter
	}
	p.Y.Min = math.Min(p.Y.Min, 0)
	p.Y.Max = math.Max(p.Y.Max, 0)

	entries := make([]legendEntry, len(g.names))
	for k, name := range g.names {
		entries[k] = legendEntry{name: name, thumbs: []plot.Thumbnailer{barThumb{styleFor(l.StyleOffset + k)}}}
	}
	addLegend(p, l, entries)
	return p, nil
}

// barGroups draws grouped bars with whiskers.
type barGroups struct {
	groups, names []string
	cells         map[[2]int]Bar // by group index, name index
	offset        int            // style of name k is styleFor(offset+k)
}

func newBarGroups(bars []Bar) (*barGroups, error) {
	if len(bars) == 0 {
		return nil, fmt.Errorf("chart: GroupedBars: %w: no bars", ErrEmpty)
	}
	g := &barGroups{cells: make(map[[2]int]Bar)}
	groupIdx := make(map[string]int)
	nameIdx := make(map[string]int)
	for i, b := range bars {
		id := fmt.Sprintf("bar %d (Group %q, Name %q)", i, b.Group, b.Name)
		for _, f := range []struct {
			name string
			v    float64
		}{{"Value", b.Value}, {"Lo", b.Lo}, {"Hi", b.Hi}} {
			if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
				return nil, fmt.Errorf("chart: GroupedBars: %s: %w: %s is %v", id, ErrNotFinite, f.name, f.v)
			}
		}
		if b.Lo > b.Hi {
			return nil, fmt.Errorf("chart: GroupedBars: %s: %w: Lo = %v is above Hi = %v", id, ErrInvalid, b.Lo, b.Hi)
		}
		gi, ok := groupIdx[b.Group]
		if !ok {
			gi = len(g.groups)
			groupIdx[b.Group] = gi
			g.groups = append(g.groups, b.Group)
		}
		ni, ok := nameIdx[b.Name]
		if !ok {
			ni = len(g.names)
			nameIdx[b.Name] = ni
			g.names = append(g.names, b.Name)
			if len(g.names) > MaxSeries {
				return nil, fmt.Errorf("chart: GroupedBars: %s: %w: more than %d names, which cannot be told apart", id, ErrInvalid, MaxSeries)
			}
		}
		key := [2]int{gi, ni}
		if _, dup := g.cells[key]; dup {
			return nil, fmt.Errorf("chart: GroupedBars: %s: %w: duplicate of an earlier bar", id, ErrInvalid)
		}
		g.cells[key] = b
	}
	return g, nil
}

const (
	groupWidth = 0.8  // share of a group's slot its bars take
	barFill    = 0.88 // share of a bar's slot the bar takes
)

// slot returns the x centre and width (in data units) of bar k of group gi.
func (g *barGroups) slot(gi, k int) (x, w float64) {
	w = groupWidth / float64(len(g.names))
	return float64(gi) - groupWidth/2 + (float64(k)+0.5)*w, w
}

func (g *barGroups) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	outline := draw.LineStyle{Color: axisColor, Width: vg.Points(0.5)}
	whisker := draw.LineStyle{Color: whiskerColor, Width: vg.Points(1.2)}
	halo := draw.LineStyle{Color: hatchColor, Width: vg.Points(2.4)}
	for gi := range g.groups {
		for k := range g.names {
			b, ok := g.cells[[2]int{gi, k}]
			if !ok {
				continue
			}
			x, w := g.slot(gi, k)
			x0, x1 := trX(x-w*barFill/2), trX(x+w*barFill/2)
			y0, y1 := trY(0), trY(b.Value)
			if y1 < y0 {
				y0, y1 = y1, y0
			}
			r := vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1}}
			fillBar(&c, r, styleFor(g.offset+k))
			c.StrokeLines(outline, rectOutline(r))
		}
	}
	// Whiskers after all bars, so no bar covers a neighbour's whisker.
	for gi := range g.groups {
		for k := range g.names {
			b, ok := g.cells[[2]int{gi, k}]
			if !ok || (b.Lo == b.Value && b.Hi == b.Value) {
				continue
			}
			x, w := g.slot(gi, k)
			xc := trX(x)
			h := min(vg.Points(4), (trX(x+w*barFill/2)-trX(x-w*barFill/2))/3)
			lo, hi := trY(b.Lo), trY(b.Hi)
			// A white halo keeps the whisker visible on dark bars.
			for _, sty := range []draw.LineStyle{halo, whisker} {
				c.StrokeLine2(sty, xc, lo, xc, hi)
				c.StrokeLine2(sty, xc-h, lo, xc+h, lo)
				c.StrokeLine2(sty, xc-h, hi, xc+h, hi)
			}
		}
	}
}

func (g *barGroups) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = -0.5, float64(len(g.groups))-0.5
	for _, b := range g.cells {
		ymin = math.Min(ymin, math.Min(b.Value, b.Lo))
		ymax = math.Max(ymax, math.Max(b.Value, b.Hi))
	}
	return xmin, xmax, ymin, ymax
}

// fillBar fills r with the style's colour and hatch pattern.
func fillBar(c *draw.Canvas, r vg.Rectangle, sty seriesStyle) {
	if r.Size().X <= 0 || r.Size().Y <= 0 {
		return
	}
	c.SetColor(sty.color)
	c.Fill(r.Path())
	hc := draw.Canvas{Canvas: c.Canvas, Rectangle: r}
	hs := draw.LineStyle{Color: hatchColor, Width: vg.Points(1)}
	const sp = vg.Length(4.5) // spacing of hatch lines
	var lines [][]vg.Point
	diag := func(sign vg.Length) {
		// Lines y = sign*x + b through r, b on a grid of sp*√2 so that
		// patterns line up across bars.
		d := sp * math.Sqrt2
		w := r.Size().X
		b0 := math.Floor(float64((r.Min.Y - sign*r.Max.X - w) / d))
		b1 := math.Ceil(float64((r.Max.Y - sign*r.Min.X + w) / d))
		for b := b0; b <= b1; b++ {
			off := vg.Length(b) * d
			lines = append(lines, []vg.Point{
				{X: r.Min.X, Y: sign*r.Min.X + off},
				{X: r.Max.X, Y: sign*r.Max.X + off},
			})
		}
	}
	horiz := func() {
		for y := vg.Length(math.Ceil(float64(r.Min.Y/sp))) * sp; y <= r.Max.Y; y += sp {
			lines = append(lines, []vg.Point{{X: r.Min.X, Y: y}, {X: r.Max.X, Y: y}})
		}
	}
	vert := func() {
		for x := vg.Length(math.Ceil(float64(r.Min.X/sp))) * sp; x <= r.Max.X; x += sp {
			lines = append(lines, []vg.Point{{X: x, Y: r.Min.Y}, {X: x, Y: r.Max.Y}})
		}
	}
	switch sty.hatch {
	case hatchNone:
		return
	case hatchDiagUp:
		diag(1)
	case hatchDiagDown:
		diag(-1)
	case hatchCross:
		diag(1)
		diag(-1)
	case hatchHoriz:
		horiz()
	case hatchVert:
		vert()
	case hatchDots:
		dot := draw.GlyphStyle{Color: hatchColor, Radius: vg.Points(0.9), Shape: draw.CircleGlyph{}}
		for y := vg.Length(math.Ceil(float64(r.Min.Y/sp))) * sp; y <= r.Max.Y; y += sp {
			for x := vg.Length(math.Ceil(float64(r.Min.X/sp))) * sp; x <= r.Max.X; x += sp {
				hc.DrawGlyph(dot, vg.Point{X: x, Y: y})
			}
		}
		return
	case hatchGrid:
		horiz()
		vert()
	}
	c.StrokeLines(hs, hc.ClipLinesXY(lines...)...)
}

// barThumb is the legend thumbnail of a bar series.
type barThumb struct{ sty seriesStyle }

func (t barThumb) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	fillBar(c, r, t.sty)
	c.StrokeLines(draw.LineStyle{Color: axisColor, Width: vg.Points(0.5)}, rectOutline(r))
}

// rectOutline returns r's outline as a closed polyline.
func rectOutline(r vg.Rectangle) []vg.Point {
	return []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}, r.Min}
}
