package chart

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// interval is one error bar from (X0, Y0) to (X1, Y1); it is either
// horizontal or vertical.
type interval struct{ X0, Y0, X1, Y1 float64 }

// whiskers draws intervals as lines with caps across both ends.
type whiskers struct {
	ivs   []interval
	style draw.LineStyle
	cap   vg.Length // full cap width
}

func (w *whiskers) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	h := w.cap / 2
	for _, iv := range w.ivs {
		x0, y0, x1, y1 := trX(iv.X0), trY(iv.Y0), trX(iv.X1), trY(iv.Y1)
		c.StrokeLine2(w.style, x0, y0, x1, y1)
		if iv.X0 == iv.X1 { // vertical: horizontal caps
			c.StrokeLine2(w.style, x0-h, y0, x0+h, y0)
			c.StrokeLine2(w.style, x1-h, y1, x1+h, y1)
		} else {
			c.StrokeLine2(w.style, x0, y0-h, x0, y0+h)
			c.StrokeLine2(w.style, x1, y1-h, x1, y1+h)
		}
	}
}

func (w *whiskers) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, iv := range w.ivs {
		xmin = math.Min(xmin, math.Min(iv.X0, iv.X1))
		xmax = math.Max(xmax, math.Max(iv.X0, iv.X1))
		ymin = math.Min(ymin, math.Min(iv.Y0, iv.Y1))
		ymax = math.Max(ymax, math.Max(iv.Y0, iv.Y1))
	}
	return
}

// GlyphBoxes keeps caps at the data area's edges from being cut off.
func (w *whiskers) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	h := w.cap / 2
	var boxes []plot.GlyphBox
	for _, iv := range w.ivs {
		for _, pt := range [][2]float64{{iv.X0, iv.Y0}, {iv.X1, iv.Y1}} {
			boxes = append(boxes, plot.GlyphBox{
				X:         p.X.Norm(pt[0]),
				Y:         p.Y.Norm(pt[1]),
				Rectangle: vg.Rectangle{Min: vg.Point{X: -h, Y: -h}, Max: vg.Point{X: h, Y: h}},
			})
		}
	}
	return boxes
}
