package sim

import (
	"math"
	"testing"
)

// TestMinMath checks the builtin max and min against math.Max and math.Min
// where an argument is a constant that is neither NaN nor ±Inf, on the
// values where they could differ: the model uses either for the other.
func TestMinMath(t *testing.T) {
	vals := []float64{math.Inf(-1), -1, math.Copysign(0, -1), 0, 0.5, 1, 2, math.Inf(1), math.NaN()}
	same := func(a, b float64) bool { return math.Float64bits(a) == math.Float64bits(b) || a != a && b != b }
	for _, a := range vals {
		if !same(max(a, 1), math.Max(a, 1)) || !same(max(0, a), math.Max(0, a)) || !same(min(1, a), math.Min(1, a)) {
			t.Errorf("builtin max or min differs from math's at %v", a)
		}
	}
}
