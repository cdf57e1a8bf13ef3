package chart

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// CostEffect draws one marker per scenario at (Cost, Effect), with 95%
// error bars on both axes, labelled with its name next to it (placed to
// avoid other labels and markers, and written in a darkened shade of the
// point's colour). Points are told apart by their labels,
// so there is no legend. A horizontal line marks zero effect when the
// effect axis crosses zero.
func CostEffect(l Labels, points []CostPoint) (*plot.Plot, error) {
	if err := checkCostPoints(points); err != nil {
		return nil, err
	}
	if err := checkOffset("CostEffect", l, len(points)); err != nil {
		return nil, err
	}
	p := newPlot(l)
	addGrid(p, true)

	lab := &pointLabels{style: p.X.Tick.Label}
	lab.style.Font = sansFont(pointSize, false)
	lab.style.Color = axisColor
	for i, pt := range points {
		sty := styleFor(l.StyleOffset + i)
		lineSty := sty.line()
		lineSty.Dashes = nil
		lineSty.Width = vg.Points(1.2)
		var ivs []interval
		if pt.CostLo < pt.CostHi {
			ivs = append(ivs, interval{X0: pt.CostLo, Y0: pt.Effect, X1: pt.CostHi, Y1: pt.Effect})
		}
		if pt.EffectLo < pt.EffectHi {
			ivs = append(ivs, interval{X0: pt.Cost, Y0: pt.EffectLo, X1: pt.Cost, Y1: pt.EffectHi})
		}
		if len(ivs) > 0 {
			p.Add(&whiskers{ivs: ivs, style: lineSty, cap: whiskerCap})
		}
		lab.ivs = append(lab.ivs, ivs...)
		lab.pts = append(lab.pts, plotter.XY{X: pt.Cost, Y: pt.Effect})
		lab.names = append(lab.names, pt.Name)
		lab.colors = append(lab.colors, textColor(sty.color))
	}
	for i, pt := range points {
		s, err := plotter.NewScatter(plotter.XYs{{X: pt.Cost, Y: pt.Effect}})
		if err != nil {
			return nil, err
		}
		s.GlyphStyle = styleFor(l.StyleOffset + i).glyphStyle()
		s.GlyphStyle.Radius = vg.Points(3.5)
		p.Add(s)
	}
	// Room around the points, so that none (the base at 0, 0) sits in a
	// corner of the plot on the axes.
	padAxis(&p.X)
	padAxis(&p.Y)
	if p.Y.Min < 0 && p.Y.Max > 0 {
		p.Add(zeroLine())
	}
	p.Add(lab)
	return p, nil
}

// padAxis widens an axis by a tenth of its span on each side.
func padAxis(a *plot.Axis) {
	d := (a.Max - a.Min) / 10
	if d == 0 {
		d = math.Max(math.Abs(a.Max)/10, 1e-9)
	}
	a.Min -= d
	a.Max += d
}

func checkCostPoints(points []CostPoint) error {
	if len(points) == 0 {
		return fmt.Errorf("chart: CostEffect: %w: no points", ErrEmpty)
	}
	for i, pt := range points {
		id := seriesID(i, pt.Name)
		id = "point" + id[len("series"):]
		for _, f := range []struct {
			name string
			v    float64
		}{
			{"Cost", pt.Cost}, {"CostLo", pt.CostLo}, {"CostHi", pt.CostHi},
			{"Effect", pt.Effect}, {"EffectLo", pt.EffectLo}, {"EffectHi", pt.EffectHi},
		} {
			if math.IsNaN(f.v) || math.IsInf(f.v, 0) {
				return fmt.Errorf("chart: CostEffect: %s (index %d): %w: %s is %v", id, i, ErrNotFinite, f.name, f.v)
			}
		}
		if pt.CostLo > pt.CostHi {
			return fmt.Errorf("chart: CostEffect: %s (index %d): %w: CostLo = %v is above CostHi = %v", id, i, ErrInvalid, pt.CostLo, pt.CostHi)
		}
		if pt.EffectLo > pt.EffectHi {
			return fmt.Errorf("chart: CostEffect: %s (index %d): %w: EffectLo = %v is above EffectHi = %v", id, i, ErrInvalid, pt.EffectLo, pt.EffectHi)
		}
	}
	return nil
}

// pointLabels writes names next to points, choosing for each the first
// of eight positions around its point that overlaps least with the other
// labels, the other points, error bars and the data area's edges, and
// that is clearly nearer its own point than any other: greedily in order, then
// moving labels one at a time while that lowers their cost.
type pointLabels struct {
	pts    plotter.XYs
	names  []string
	ivs    []interval // error bars, to keep labels off them
	style  text.Style
	colors []color.Color // of each label: its point's colour, darkened
}

// textColor darkens a series colour enough to be read as text on white
// (and in grayscale), keeping its hue, so a label is tied to its point by
// colour as well as by place.
func textColor(c color.NRGBA) color.Color {
	const k = 0.62
	return color.NRGBA{R: uint8(float64(c.R) * k), G: uint8(float64(c.G) * k), B: uint8(float64(c.B) * k), A: 0xFF}
}

const (
	labelOffset = vg.Length(6) // distance between a point and its label
	whiskerCap  = vg.Length(6) // width of error bar caps
)

// labelSpots are the candidate positions of a label: the offset direction
// from its point and the text alignment, in order of preference.
var labelSpots = []struct {
	dx, dy float64 // direction of the offset from the point
	fx, fy float64 // fraction of the text's width (height) left of (below) that
}{
	{1, 1, 0, 0},    // NE
	{-1, 1, 1, 0},   // NW
	{1, -1, 0, 1},   // SE
	{-1, -1, 1, 1},  // SW
	{1, 0, 0, 0.5},  // E
	{-1, 0, 1, 0.5}, // W
	{0, 1, 0.5, 0},  // N
	{0, -1, 0.5, 1}, // S
}

// rect returns the box of label i at spot s, its point at pt.
func (l *pointLabels) rect(i int, s int, pt vg.Point) vg.Rectangle {
	sp := labelSpots[s]
	w := l.style.Width(l.names[i])
	h := l.style.Height(l.names[i])
	x := pt.X + vg.Length(sp.dx)*labelOffset - vg.Length(sp.fx)*w
	y := pt.Y + vg.Length(sp.dy)*labelOffset - vg.Length(sp.fy)*h
	return vg.Rectangle{Min: vg.Point{X: x, Y: y}, Max: vg.Point{X: x + w, Y: y + h}}
}

// rectDist is the distance from p to the nearest point of r (0 inside).
func rectDist(r vg.Rectangle, p vg.Point) vg.Length {
	dx := max(r.Min.X-p.X, 0, p.X-r.Max.X)
	dy := max(r.Min.Y-p.Y, 0, p.Y-r.Max.Y)
	return vg.Length(math.Hypot(float64(dx), float64(dy)))
}

func overlap(a, b vg.Rectangle) vg.Length {
	w := min(a.Max.X, b.Max.X) - max(a.Min.X, b.Min.X)
	h := min(a.Max.Y, b.Max.Y) - max(a.Min.Y, b.Min.Y)
	if w <= 0 || h <= 0 {
		return 0
	}
	return w * h
}

func (l *pointLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pts := make([]vg.Point, len(l.pts))
	for i, xy := range l.pts {
		pts[i] = vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
	}
	const r = 5 // obstacle half-size around each point
	var bars []vg.Rectangle
	for _, iv := range l.ivs {
		x0, y0, x1, y1 := trX(iv.X0), trY(iv.Y0), trX(iv.X1), trY(iv.Y1)
		h := whiskerCap / 2
		if iv.X0 == iv.X1 {
			bars = append(bars, vg.Rectangle{Min: vg.Point{X: x0 - h, Y: y0}, Max: vg.Point{X: x0 + h, Y: y1}})
		} else {
			bars = append(bars, vg.Rectangle{Min: vg.Point{X: x0, Y: y0 - h}, Max: vg.Point{X: x1, Y: y0 + h}})
		}
	}
	// cost of label i at spot s, given the labels placed so far (nil
	// entries are not placed yet).
	placed := make([]*vg.Rectangle, len(l.pts))
	cost := func(i, s int) vg.Length {
		box := l.rect(i, s, pts[i])
		var cost vg.Length
		for j, q := range placed {
			if j != i && q != nil {
				cost += 4 * overlap(box, *q)
			}
		}
		for j, q := range pts {
			if j != i {
				cost += 2 * overlap(box, vg.Rectangle{Min: vg.Point{X: q.X - r, Y: q.Y - r}, Max: vg.Point{X: q.X + r, Y: q.Y + r}})
			}
		}
		for _, q := range bars {
			cost += 3 * overlap(box, q)
		}
		// Text sticking out of the data area may hit the axes.
		full := box.Size().X * box.Size().Y
		cost += 3 * (full - overlap(box, c.Rectangle))
		// A label about as near another point as its own reads as that
		// point's label.
		own := rectDist(box, pts[i])
		for j, q := range pts {
			if j != i && rectDist(box, q) < 1.5*own {
				cost += 2 * full
				break
			}
		}
		return cost
	}
	spot := make([]int, len(l.pts))
	place := func(i int) bool {
		best, bestCost := 0, vg.Length(math.Inf(1))
		for s := range labelSpots {
			if k := cost(i, s); k < bestCost-1e-9 {
				best, bestCost = s, k
			}
		}
		box := l.rect(i, best, pts[i])
		changed := placed[i] == nil || best != spot[i]
		spot[i], placed[i] = best, &box
		return changed
	}
	// Greedy in order, then a few passes that move each label to its best
	// spot given all the others, until none moves.
	for i := range l.pts {
		place(i)
	}
	for pass := 0; pass < 4; pass++ {
		moved := false
		for i := range l.pts {
			moved = place(i) || moved
		}
		if !moved {
			break
		}
	}
	for i, box := range placed {
		sty := l.style
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
		if i < len(l.colors) {
			sty.Color = l.colors[i]
		}
		c.FillText(sty, box.Min, l.names[i])
	}
}

// GlyphBoxes reserves room for every label in its preferred spot (NE),
// so labels of points at the top or right edge are not cut off.
func (l *pointLabels) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	boxes := make([]plot.GlyphBox, len(l.pts))
	for i, xy := range l.pts {
		boxes[i] = plot.GlyphBox{X: p.X.Norm(xy.X), Y: p.Y.Norm(xy.Y), Rectangle: l.rect(i, 0, vg.Point{})}
	}
	return boxes
}
