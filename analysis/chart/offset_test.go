package chart

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"gonum.org/v1/plot"
)

// A chart drawn with StyleOffset k draws its first series in the style of
// series k: the differences to a base keep the colours of the scenarios'
// own lines.
func TestStyleOffset(t *testing.T) {
	l := Labels{Title: "t", X: "x", Y: "y", StyleOffset: 1}
	b := band("Cash − baseline", 4)
	bars := []Bar{{Group: "g", Name: "Cash", Value: 1, Lo: 1, Hi: 1}}
	pts := []CostPoint{{Name: "Cash", Cost: 1, CostLo: 1, CostHi: 1, Effect: 1, EffectLo: 1, EffectHi: 1}}
	vermillion := "#D55E00" // styleFor(1)
	for _, tc := range []struct {
		name  string
		build func(Labels) (*plot.Plot, error)
	}{
		{"Difference", func(l Labels) (*plot.Plot, error) { return Difference(l, []Band{b}) }},
		{"Rates", func(l Labels) (*plot.Plot, error) { return Rates(l, []Band{b}) }},
		{"GroupedBars", func(l Labels) (*plot.Plot, error) { return GroupedBars(l, bars) }},
		{"CostEffect", func(l Labels) (*plot.Plot, error) { return CostEffect(l, pts) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, off := range []int{0, 1} {
				l.StyleOffset = off
				p, err := tc.build(l)
				if err != nil {
					t.Fatal(err)
				}
				var buf bytes.Buffer
				if err := Render(p, &buf, "svg", DefaultWidth, DefaultHeight); err != nil {
					t.Fatal(err)
				}
				if got := strings.Contains(strings.ToUpper(buf.String()), vermillion); got != (off == 1) {
					t.Errorf("StyleOffset %d: vermillion drawn = %v, want %v", off, got, off == 1)
				}
			}
			l.StyleOffset = MaxSeries
			if _, err := tc.build(l); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "StyleOffset") {
				t.Errorf("StyleOffset %d with 1 series: error %v, want ErrInvalid naming StyleOffset", MaxSeries, err)
			}
			l.StyleOffset = -1
			if _, err := tc.build(l); !errors.Is(err, ErrInvalid) {
				t.Errorf("StyleOffset -1: error %v, want ErrInvalid", err)
			}
		})
	}
}
