package chart

import "strconv"

// Labels holds the texts and axis formatting of a chart.
type Labels struct {
	// Title is drawn above the chart; empty means no title.
	Title string

	// X and Y label the axes. Include the unit, e.g.
	// "Years since shock" or "Households back in poverty (%)".
	X, Y string

	// XPercent and YPercent say that the axis values are fractions
	// (0.05) to be labelled as percent ("5%").
	XPercent, YPercent bool

	// Legend places the legend. The zero value, LegendRight, puts it
	// outside the data area, to the right.
	Legend LegendPosition
}

// LegendPosition says where a chart's legend goes.
type LegendPosition int

const (
	// LegendRight puts the legend outside the data area, on its right,
	// top-aligned with it. It never covers data.
	LegendRight LegendPosition = iota
	// LegendTop puts the legend outside the data area, between the title
	// and the data, up to three entries per row. It never covers data
	// and leaves the data area its full width.
	LegendTop
	// LegendInsideTopLeft puts the legend inside the data area, in its
	// top-left corner; use it only when that corner is known to be
	// empty.
	LegendInsideTopLeft
	// LegendInsideTopRight is like LegendInsideTopLeft, top-right.
	LegendInsideTopRight
	// LegendNone draws no legend.
	LegendNone
)

// String returns the position's name, e.g. "LegendRight".
func (l LegendPosition) String() string {
	switch l {
	case LegendRight:
		return "LegendRight"
	case LegendTop:
		return "LegendTop"
	case LegendInsideTopLeft:
		return "LegendInsideTopLeft"
	case LegendInsideTopRight:
		return "LegendInsideTopRight"
	case LegendNone:
		return "LegendNone"
	}
	return "LegendPosition(" + strconv.Itoa(int(l)) + ")"
}
