package sim

import (
	"math"
	"math/rand/v2"
	"sync"
)

// Normal draws are math/rand/v2's NormFloat64, the ziggurat of Marsaglia
// and Tsang. In more than 99% of draws it reads one number u of the stream
// and returns j·w[i], with j = int32(u), i = bits 32–38 of u, when |j| <
// k[i]. normAt does that step itself, inline, with the tables k and w read
// off NormFloat64 when the first Runner is made; every other draw it hands
// to NormFloat64. So every draw is the number NormFloat64 gives, without
// its two calls. If NormFloat64 ever stops being this ziggurat the check
// below fails and every draw goes to NormFloat64.

var zig struct {
	once sync.Once
	k    [128]uint32  // |j| < k[i]: the draw is j·w[i]; all 0 if the check failed
	w    [128]float64 // strip widths
}

// probe is a rand.Source that returns u first, then a number that ends any
// rejection loop of NormFloat64 at once (j = 0, i = 2), counting its calls.
type probe struct {
	u     uint64
	calls int
}

func (p *probe) Uint64() uint64 {
	p.calls++
	if p.calls == 1 {
		return p.u
	}
	return 2 << 32
}

// zigOne reports NormFloat64's draw from u and whether it read nothing
// but u.
func zigOne(r *rand.Rand, p *probe, u uint64) (float64, bool) {
	p.u, p.calls = u, 0
	x := r.NormFloat64()
	return x, p.calls == 1
}

func initZig() {
	p := &probe{}
	r := rand.New(p)
	for i := range uint64(128) {
		// k[i] is the least j ≥ 0 whose draw takes more than u.
		lo, hi := uint64(0), uint64(1)<<31 // fast below lo, not at hi (or hi = 2³¹)
		if _, fast := zigOne(r, p, i<<32); !fast {
			continue // k[i] = 0: never the fast step
		}
		lo = 1
		for lo < hi {
			mid := (lo + hi) / 2
			if _, fast := zigOne(r, p, i<<32|mid); fast {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		zig.k[i] = uint32(lo)
		if lo > 1 {
			zig.w[i], _ = zigOne(r, p, i<<32|1) // 1·w[i]
		}
	}
	// Check the step against NormFloat64 on numbers of every strip, both
	// signs, near the edges, and many others.
	ok := true
	var s stream
	check := func(u uint64) {
		want, _ := zigOne(r, p, u)
		if got, fast := zigFast(u); fast && math.Float64bits(got) != math.Float64bits(want) {
			ok = false
		}
	}
	for i := range uint64(128) {
		for _, j := range []int64{0, 1, -1, 2, -2, int64(zig.k[i]) - 1, -int64(zig.k[i]) + 1, int64(zig.k[i]), -int64(zig.k[i]), math.MaxInt32, math.MinInt32} {
			check(i<<32 | uint64(uint32(int32(j))) | 0xabcd<<40)
		}
	}
	for range 1 << 14 {
		check(s.Uint64())
	}
	if !ok {
		zig.k = [128]uint32{}
	}
}

// zigFast is the ziggurat's first step on u: the draw, if u alone gives it.
func zigFast(u uint64) (float64, bool) {
	j := int32(u)
	i := u >> 32 & 0x7f
	a := uint32(j)
	if j < 0 {
		a = uint32(-j)
	}
	return float64(j) * zig.w[i], a < zig.k[i]
}

// normAt is the normal draw of the stream started at s that follows its
// first k uniform draws: d.seed, k × d.Float64, d.NormFloat64.
func (d *draws) normAt(s uint64, k int) float64 {
	if x, fast := zigFast(mix(s + uint64(k+1)*golden)); fast {
		return x
	}
	return d.normSlow(s, k)
}

// normSlow is normAt by NormFloat64.
//
//go:noinline
func (d *draws) normSlow(s uint64, k int) float64 {
	d.src.s = s + uint64(k)*golden
	return d.NormFloat64()
}
