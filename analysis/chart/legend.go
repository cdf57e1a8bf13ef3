package chart

import (
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendEntry is one line of a legend: a name and the thumbnails drawn
// over each other in front of it.
type legendEntry struct {
	name   string
	thumbs []plot.Thumbnailer
}

const (
	thumbWidth  = vg.Length(26) // legend thumbnail width
	thumbGap    = vg.Length(5)  // between thumbnail and text
	legendGap   = vg.Length(12) // between data area and outside legend
	rowPad      = vg.Length(4)  // extra height per legend row
	colGap      = vg.Length(16) // between columns of a top legend
	topPerRow   = 3             // entries per row of a top legend, by default
	insideInset = vg.Length(6)  // inside legend's distance from the axes
)

// addLegend adds entries to p as a legend at l.Legend. Outside positions are
// drawn by an outsideLegend plotter that reserves room beside the data
// area, so the legend never covers data.
func addLegend(p *plot.Plot, l Labels, entries []legendEntry) {
	pos, perRow := l.Legend, l.LegendColumns
	if len(entries) == 0 || pos == LegendNone {
		return
	}
	switch pos {
	case LegendInsideTopLeft, LegendInsideTopRight:
		p.Legend.Top = true
		p.Legend.Left = pos == LegendInsideTopLeft
		p.Legend.ThumbnailWidth = thumbWidth
		p.Legend.Padding = rowPad
		p.Legend.YOffs = -insideInset
		if p.Legend.Left {
			p.Legend.XOffs = insideInset
		} else {
			p.Legend.XOffs = -insideInset
		}
		for _, e := range entries {
			p.Legend.Add(e.name, e.thumbs...)
		}
	default:
		sty := p.Legend.TextStyle
		sty.XAlign = draw.XLeft
		sty.YAlign = draw.YCenter
		p.Add(&outsideLegend{top: pos == LegendTop, perRow: perRow, entries: entries, style: sty})
	}
}

// outsideLegend draws a legend right of or above the data area. It
// reserves its room through GlyphBoxes, which gonum/plot uses to shrink
// the data area.
type outsideLegend struct {
	top     bool
	perRow  int // entries per row of a top legend; 0 means topPerRow
	entries []legendEntry
	style   text.Style
}

func (l *outsideLegend) textWidth() vg.Length {
	var w vg.Length
	for _, e := range l.entries {
		w = max(w, l.style.Width(e.name))
	}
	return w
}

func (l *outsideLegend) rowHeight() vg.Length {
	h := l.style.Height("Xg")
	for _, e := range l.entries {
		h = max(h, l.style.Height(e.name))
	}
	return h + rowPad
}

func (l *outsideLegend) columns() int {
	per := topPerRow
	if l.perRow > 0 {
		per = l.perRow
	}
	return min(len(l.entries), per)
}

func (l *outsideLegend) rows() int {
	if !l.top {
		return len(l.entries)
	}
	c := l.columns()
	return (len(l.entries) + c - 1) / c
}

// GlyphBoxes reserves the legend's room: a box sticking out of the right
// edge (LegendRight) or the top edge (LegendTop) of the data area.
func (l *outsideLegend) GlyphBoxes(*plot.Plot) []plot.GlyphBox {
	if l.top {
		h := vg.Length(l.rows())*l.rowHeight() + legendGap/2
		return []plot.GlyphBox{{X: 0, Y: 1, Rectangle: vg.Rectangle{Max: vg.Point{Y: h}}}}
	}
	w := legendGap + thumbWidth + thumbGap + l.textWidth() + rowPad
	return []plot.GlyphBox{{X: 1, Y: 1, Rectangle: vg.Rectangle{Max: vg.Point{X: w}}}}
}

// Plot draws the legend into the room reserved beside c, the data area.
func (l *outsideLegend) Plot(c draw.Canvas, _ *plot.Plot) {
	rowH := l.rowHeight()
	x0, y0 := c.Max.X+legendGap, c.Max.Y // top-left of the first entry
	colW := thumbWidth + thumbGap + l.textWidth() + colGap
	if l.top {
		x0 = c.Min.X
		y0 = c.Max.Y + legendGap/2 + vg.Length(l.rows())*rowH
	}
	for i, e := range l.entries {
		col, row := 0, i
		if l.top {
			col, row = i%l.columns(), i/l.columns()
		}
		x := x0 + vg.Length(col)*colW
		top := y0 - vg.Length(row)*rowH
		thumb := draw.Canvas{
			Canvas: c.Canvas,
			Rectangle: vg.Rectangle{
				Min: vg.Point{X: x, Y: top - rowH + rowPad/2},
				Max: vg.Point{X: x + thumbWidth, Y: top - rowPad/2},
			},
		}
		for _, t := range e.thumbs {
			t.Thumbnail(&thumb)
		}
		c.FillText(l.style, vg.Point{X: x + thumbWidth + thumbGap, Y: top - rowH/2}, e.name)
	}
}

// lineThumb is the legend thumbnail of a line series: its band (if any),
// its line and its marker.
type lineThumb struct {
	sty      seriesStyle
	band     bool
	noMarker bool
}

func (t lineThumb) Thumbnail(c *draw.Canvas) {
	if t.band {
		h := c.Max.Y - c.Min.Y
		r := vg.Rectangle{
			Min: vg.Point{X: c.Min.X, Y: c.Min.Y + h*0.1},
			Max: vg.Point{X: c.Max.X, Y: c.Max.Y - h*0.1},
		}
		c.SetColor(t.sty.band())
		c.Fill(r.Path())
	}
	y := c.Center().Y
	c.StrokeLine2(t.sty.line(), c.Min.X, y, c.Max.X, y)
	if !t.noMarker {
		c.DrawGlyphNoClip(t.sty.glyphStyle(), c.Center())
	}
}

// glyphThumb is the legend thumbnail of a point series: one marker.
type glyphThumb struct{ sty draw.GlyphStyle }

func (t glyphThumb) Thumbnail(c *draw.Canvas) { c.DrawGlyphNoClip(t.sty, c.Center()) }
