package sensitivity

import (
	"fmt"
	"math"
)

// checkDesign verifies the shape shared by all analyses: the design has the
// wanted kind, at least one factor, rows of the right width, and len(y)
// outputs that are all finite.
func checkDesign(d Design, kind string, y []float64) error {
	if d.Kind != kind {
		return fmt.Errorf("%w: need a %s design, got kind %q", ErrDesign, kind, d.Kind)
	}
	if len(d.Factors) == 0 {
		return ErrNoFactors
	}
	k := len(d.Factors)
	for i, p := range d.Points {
		if len(p) != k {
			return fmt.Errorf("%w: point %d has %d values for %d factors", ErrDesign, i, len(p), k)
		}
	}
	if len(y) != len(d.Points) {
		return fmt.Errorf("%w: got %d outputs for %d design points", ErrOutput, len(y), len(d.Points))
	}
	for i, v := range y {
		if math.IsNaN(v) {
			return fmt.Errorf("%w: output for design point %d is NaN", ErrOutput, i)
		}
		if math.IsInf(v, 0) {
			return fmt.Errorf("%w: output for design point %d is %v", ErrOutput, i, v)
		}
	}
	return nil
}
