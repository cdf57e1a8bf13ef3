package chart

import (
	"fmt"
	"strconv"
)

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

	// XPoints and YPoints say that the axis values are differences of
	// fractions (0.021) to be labelled in percentage points ("+2.1"); say
	// "points" in the axis label.
	XPoints, YPoints bool

	// Legend places the legend. The zero value, LegendRight, puts it
	// outside the data area, to the right.
	Legend LegendPosition

	// LegendColumns is the number of entries per row of a LegendTop
	// legend; 0 means up to three. Use 1 or 2 for narrow charts.
	LegendColumns int

	// StyleOffset draws series (bar names, cost-effect points) i in the
	// style of series StyleOffset+i, so that a series keeps its colour,
	// dashes and marker across charts that leave earlier series out: the
	// differences of scenarios 1, 2, … to scenario 0 drawn with
	// StyleOffset 1 look like those scenarios' own lines. StyleOffset plus
	// the number of series must be at most MaxSeries.
	StyleOffset int
}

// checkOffset validates l.StyleOffset for n series.
func checkOffset(chart string, l Labels, n int) error {
	if l.StyleOffset < 0 || l.StyleOffset+n > MaxSeries {
		return fmt.Errorf("chart: %s: %w: StyleOffset %d with %d series, want 0 ≤ StyleOffset ≤ %d", chart, ErrInvalid, l.StyleOffset, n, MaxSeries-n)
	}
	return nil
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
