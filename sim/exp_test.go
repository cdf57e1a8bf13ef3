package sim

import (
	"math"
	"math/big"
	"testing"
)

// bigExp is e^x to 100 bits, by its Taylor series after halving x.
func bigExp(x float64) *big.Float {
	const prec = 200
	halvings := 0
	y := new(big.Float).SetPrec(prec).SetFloat64(x)
	for y.Cmp(big.NewFloat(1).SetPrec(prec)) > 0 || y.Cmp(big.NewFloat(-1).SetPrec(prec)) < 0 {
		y.Quo(y, big.NewFloat(2))
		halvings++
	}
	y.Quo(y, big.NewFloat(1<<20))
	halvings += 20
	sum := new(big.Float).SetPrec(prec).SetInt64(1)
	term := new(big.Float).SetPrec(prec).SetInt64(1)
	for n := 1; n < 30; n++ {
		term.Mul(term, y)
		term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(int64(n)))
		sum.Add(sum, term)
	}
	for range halvings {
		sum.Mul(sum, sum)
	}
	return sum
}

func TestExpG(t *testing.T) {
	var s stream
	xs := []float64{0, 1, -1, 1e-20, -1e-20, 0.5, 700, -700, 708.9, -707.9, 709.5, -720, -745, math.Ln2, 9.6, 8.5}
	for range 3000 {
		u := float64(s.Uint64()>>11) * 0x1p-53
		xs = append(xs, (u-0.5)*20, (u-0.5)*1400)
	}
	for _, x := range xs {
		got := expG(x)
		want, _ := bigExp(x).Float64()
		if want == 0 || math.IsInf(want, 0) {
			if got != want {
				t.Errorf("expG(%v) = %v, want %v", x, got, want)
			}
			continue
		}
		ulp := math.Abs(math.Nextafter(want, math.Inf(1)) - want)
		if want < 0x1p-1022 {
			if math.Abs(got-want) > ulp {
				t.Errorf("expG(%v) = %v, want %v", x, got, want)
			}
			continue
		}
		if e := math.Abs(got-want) / ulp; e > 1 {
			t.Errorf("expG(%v) = %v, want %v (%.2f ulp)", x, got, want, e)
		}
	}
	if !math.IsNaN(expG(math.NaN())) || expG(math.Inf(1)) != math.Inf(1) || expG(math.Inf(-1)) != 0 || expG(710) != math.Inf(1) {
		t.Error("expG special values")
	}
}
