package sim

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestNormalIsNormFloat64 checks that the normal draws are math/rand/v2's
// NormFloat64 of the same stream (the wedge tests use expG instead of
// math.Exp; their float32 comparison would have to round differently to
// tell them apart), over streams that reach every branch.
func TestNormalIsNormFloat64(t *testing.T) {
	var src stream
	ref := rand.New(&src)
	d := newDraws()
	inv := uint64(golden) // γ⁻¹ mod 2⁶⁴: numbers read = (end − start)·γ⁻¹
	for range 6 {
		inv *= 2 - golden*inv
	}
	slow, tail := 0, 0
	for n := range 1 << 20 {
		s := mix(uint64(n) + 12345)
		src.s = s
		want := ref.NormFloat64()
		calls := (src.s - s) * inv
		got := d.normAt(s, 0)
		if math.Float64bits(got) != math.Float64bits(want) {
			t.Fatalf("stream %d: normAt %v, NormFloat64 %v", n, got, want)
		}
		if calls > 1 {
			slow++
		}
		if math.Abs(want) > zigR {
			tail++
		}
	}
	if slow < 1000 || tail < 100 {
		t.Errorf("only %d slow draws, %d in the tail", slow, tail)
	}
}
