package sim

import (
	"math"
	"math/big"
)

// expG is e^x, computed in Go with nothing but IEEE operations that the
// compiler may not fuse (every product is converted to float64 before it is
// added, which the Go specification says rounds it): the same bits on every
// CPU. math.Exp on amd64 is assembly that takes another path when the CPU
// has FMA, so its last bit depends on the machine a run is made on.
//
// The method is the usual one (Tang 1989): x = (k/N)·ln 2 + r with N = 256
// and |r| ≤ ln 2/(2N); e^x = 2^⌊k/N⌋ · 2^((k mod N)/N) · e^r, the middle
// factor from a table and e^r by its Taylor polynomial to r⁴, whose first
// omitted term is below 4·10⁻¹⁷. exp_test.go checks it against math/big.
func expG(x float64) float64 {
	if y, ok := expFast(x); ok {
		return y
	}
	return expSlow(x)
}

// expFast is expG for x in (−708, 709), reported by ok; outside it the
// number is of no use. It is expReduce then expScale, each small enough to
// be inlined: a hot loop calls them itself (expScale(expReduce(x)), and
// expSlow where expIn(x) is false), so that it makes no call, which in Go
// would spill every live register around it.
func expFast(x float64) (y float64, ok bool) {
	return expScale(expReduce(x)), expIn(x)
}

// expIn reports whether x is in the range of expFast: NaN, overflow, and
// results near or below the smallest normal are not.
func expIn(x float64) bool { return x > -708 && x < 709 }

// expReduce splits x into (k/N)·ln 2 + r: k in the low bits of ki, r
// returned.
func expReduce(x float64) (r float64, ki uint64) {
	kd := float64(x*expInvLn2N) + expShift // k = round(x·N/ln 2) in the low bits
	ki = math.Float64bits(kd)
	kd -= expShift
	return float64(x-float64(kd*expLn2HiN)) - float64(kd*expLn2LoN), ki // kd·expLn2HiN is exact
}

// expScale is 2^(k/N)·e^r.
func expScale(r float64, ki uint64) float64 {
	r2 := float64(r * r)
	q := float64(0.5+float64(r*(1.0/6))) + float64(r2*(1.0/24)) // e^r = 1 + r + r²·q, q in two halves that need not wait for each other
	p := r + float64(r2*q)
	// ki << 44 is k << 44: ⌊k/N⌋ in the exponent field, plus (k mod N) << 44,
	// which expTab takes off again.
	s := math.Float64frombits(expTab[ki&(expN-1)] + ki<<(52-expBits))
	return s + float64(s*p)
}

const (
	expBits    = 8
	expN       = 1 << expBits
	expInvLn2N = expN / math.Ln2
	expShift   = 0x1.8p52
	// ln 2/N in two parts: the first has 32 significant bits, so that
	// k·expLn2HiN is exact for |k| < 2²¹.
	expLn2HiN = 6.93147180369123816490e-01 / expN
	expLn2LoN = 1.90821492927058770002e-10 / expN
)

// expSlow is expG outside (−708, 709): e^x = (e^(x/2))², which overflows
// and underflows (to subnormals, with one rounding) as e^x does.
func expSlow(x float64) float64 {
	switch {
	case x != x:
		return x
	case x > 710:
		return math.Inf(1)
	case x < -746:
		return 0
	}
	h := expG(x * 0.5)
	return h * h
}

// expTab[j] is the bits of 2^(j/N), correctly rounded, less j << 44.
var expTab = func() (t [expN]uint64) {
	const prec = 128
	var roots [expBits]*big.Float // roots[b] = 2^(2^b/N)
	x := new(big.Float).SetPrec(prec).SetInt64(2)
	for b := expBits - 1; b >= 0; b-- {
		x = new(big.Float).SetPrec(prec).Sqrt(x)
		roots[b] = x
	}
	for j := range expN {
		v := new(big.Float).SetPrec(prec).SetInt64(1)
		for b := range expBits {
			if j>>b&1 != 0 {
				v.Mul(v, roots[b])
			}
		}
		f, _ := v.Float64()
		t[j] = math.Float64bits(f) - uint64(j)<<44
	}
	return t
}()
