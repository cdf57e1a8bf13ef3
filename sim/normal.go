package sim

import "math"

// Normal draws are the ziggurat of Marsaglia and Tsang as math/rand/v2's
// NormFloat64 does it, with its tables (ziggurat.go), reading the same
// stream: every draw is the number NormFloat64 would give, except that
// the wedge test evaluates e^(−x²/2) with expG instead of math.Exp, so that
// it does not depend on the CPU (normal_test.go compares the two). In more
// than 99% of draws the first step decides from one number u: j·w[i], with
// j = int32(u), i = bits 32–38 of u, when |j| < k[i]. normAt does that step
// inline and hands every other draw to normSlow.

// zigR is the start of the ziggurat's tail.
const zigR = 3.442619855899

// zigW64 is zigW in float64, read by the first step.
var zigW64 = func() (w [128]float64) {
	for i, x := range zigW {
		w[i] = float64(x)
	}
	return w
}()

// zigFast is the ziggurat's first step on u: the draw, if u alone gives it.
func zigFast(u uint64) (float64, bool) {
	j := int32(u)
	i := u >> 32 & 0x7f
	a := uint32(j)
	if j < 0 {
		a = uint32(-j)
	}
	return float64(j) * zigW64[i], a < zigK[i]
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

// NormFloat64 returns the next normal draw of the stream. It shadows
// rand.Rand's method, whose wedge test uses math.Exp.
func (d *draws) NormFloat64() float64 {
	for {
		u := d.src.Uint64()
		x, fast := zigFast(u)
		if fast {
			return x
		}
		j := int32(u)
		i := u >> 32 & 0x7f
		if i == 0 {
			// The tail beyond zigR (math.Log on amd64 is assembly with a
			// single path for every CPU).
			for {
				x = -math.Log(d.low53()) * (1.0 / zigR)
				y := -math.Log(d.low53())
				if y+y >= x*x {
					break
				}
			}
			if j > 0 {
				return zigR + x
			}
			return -zigR - x
		}
		if zigF[i]+float32(float32(d.low53())*(zigF[i-1]-zigF[i])) < float32(expG(-.5*x*x)) {
			return x
		}
	}
}

// low53 is the next uniform number of the stream from the low 53 bits of
// its number, as rand.Rand's Float64 (which NormFloat64 reads) makes it.
func (d *draws) low53() float64 {
	return float64(d.src.Uint64()<<11>>11) * 0x1p-53
}

// lognormal is exp(mu + sigma·z) for a standard normal draw z, by expG.
// The product is rounded before it is added (float64), so that no CPU
// fuses the two.
func lognormal(mu, sigma, z float64) float64 { return expG(mu + float64(sigma*z)) }
