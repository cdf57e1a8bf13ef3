package sim

import (
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
	const maxPurpose = int64(purposeEnd - 1)
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
