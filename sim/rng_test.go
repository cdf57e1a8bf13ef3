package sim

import (
	"math"
	"testing"
)

// TestStreamsApart checks that the streams of an entity-year, each a
// stretch of the one SplitMix64 sequence mix(key + t·γ), start more than
// 2⁴⁰ positions apart: purpose p of member slot m starts at position
// (p·purposeMul + (m+1)·memberMul)/γ (mod 2⁶⁴), and a stream reads a few
// positions from its start (a normal draw rarely more than a handful).
func TestStreamsApart(t *testing.T) {
	inv := uint64(golden) // Newton's iteration for γ⁻¹ mod 2⁶⁴
	for range 6 {
		inv *= 2 - golden*inv
	}
	if inv*golden != 1 {
		t.Fatal("no inverse")
	}
	const maxPurpose = int64(purposeTalent)
	for dp := -maxPurpose; dp <= maxPurpose; dp++ {
		for dm := int64(-MaxMembers); dm <= MaxMembers; dm++ {
			if dp == 0 && dm == 0 {
				continue
			}
			pos := int64((uint64(dp)*purposeMul + uint64(dm)*memberMul) * inv)
			if pos > -1<<40 && pos < 1<<40 {
				t.Errorf("purposes %+d, members %+d apart: streams %d positions apart", dp, dm, pos)
			}
		}
	}
}

// TestBelow checks that drawBits against below(p) decides as drawAt < p
// does, at the thresholds and around them.
func TestBelow(t *testing.T) {
	ps := []float64{0, -1, math.NaN(), 1, 2, math.Inf(1), 0x1p-53, 0x1p-54, 0.5, 1 - 0x1p-53, 0.1, 0.03, 0.7, 0.123456789, 5e-324}
	for i := range 1000 {
		ps = append(ps, drawAt(uint64(i), 0))
	}
	for _, p := range ps {
		b := below(p)
		for _, j := range []uint64{0, 1, b - 2, b - 1, b, b + 1, 1<<53 - 1} {
			if j >= 1<<53 {
				continue
			}
			u := float64(j) * 0x1p-53
			if (u < p) != (j < b) {
				t.Errorf("p = %v, j = %d: drawAt < p is %v, drawBits < below(p) is %v", p, j, u < p, j < b)
			}
		}
	}
}
