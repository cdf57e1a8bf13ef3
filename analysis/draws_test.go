package analysis

import (
	"math"
	"testing"
)

// TestGroupedEstimateByHand: two draws, two replications each, values
// {1, 3} and {5, 7}. Mean 4; within mean square (1+1+1+1)/(4−2) = 2;
// between mean square 2·(2−4)² + 2·(6−4)² = 16 over 1; n₀ = 2, so the
// variance between draws is (16 − 2)/2 = 7 and the Monte Carlo variance of
// the mean 2/4 = 0.5; the interval is 4 ± t √7.5, t the Student quantile
// at the Welch–Satterthwaite degrees of freedom 7.5² / (7²/1 + 0.5²/2) =
// 56.25/49.125 (two draws tell little of the parameters' part).
func TestGroupedEstimateByHand(t *testing.T) {
	e, s := groupedEstimate([]float64{1, 3, 5, 7}, []int{0, 0, 1, 1}, 2)
	half := tQuantile1(56.25/49.125) * math.Sqrt(7.5)
	if half < 20 {
		t.Fatalf("t at %.3f degrees of freedom is %g: want the wide quantile of about one degree of freedom", 56.25/49.125, half/math.Sqrt(7.5))
	}
	if e.Mean != 4 || s.Parameter != 7 || s.MonteCarlo != 0.5 || math.Abs(e.Hi-4-half) > 1e-12 || math.Abs(4-e.Lo-half) > 1e-12 {
		t.Errorf("got mean %g [%g, %g], split %+v; want 4 ± %g, split {7, 0.5}", e.Mean, e.Lo, e.Hi, s, half)
	}
	if got := s.ParameterShare(); math.Abs(got-7/7.5) > 1e-15 {
		t.Errorf("parameter share %g, want %g", got, 7/7.5)
	}
}

// TestGroupedEstimateOneDraw: with a single distinct draw the estimate is
// the Monte Carlo one, exactly, and all its variance is Monte Carlo.
func TestGroupedEstimateOneDraw(t *testing.T) {
	xs := []float64{0.1, 0.15, 0.07, 0.12, 0.11, 0.09}
	e, s := groupedEstimate(xs, []int{0, 0, 1, 1, 2, 2}, 1)
	if want := EstimateOf(xs); e != want {
		t.Errorf("got %+v, want the Monte Carlo estimate %+v", e, want)
	}
	h := e.HalfWidth() / 1.959963984540054
	if s.Parameter != 0 || math.Abs(s.MonteCarlo-h*h) > 1e-18 {
		t.Errorf("split %+v, want all of %g Monte Carlo", s, h*h)
	}
}

// TestGroupedEstimateNoBetween: groups {1, 5} and {2, 4} have the same
// mean 3, so the between mean square is 0, below the within mean square
// (4+4+1+1)/2 = 5: the parameter variance is 0, not negative, and the Monte
// Carlo variance of the mean 5/4.
func TestGroupedEstimateNoBetween(t *testing.T) {
	_, s := groupedEstimate([]float64{1, 5, 2, 4}, []int{0, 0, 1, 1}, 2)
	if s.Parameter != 0 || s.MonteCarlo != 1.25 {
		t.Errorf("split %+v, want {0, 1.25}", s)
	}
}

// TestGroupedEstimateDeterministic: the same replications give the same
// bits every time (the groups' sums are added in order, not in a map's
// random order).
func TestGroupedEstimateDeterministic(t *testing.T) {
	xs, reps := make([]float64, 40), make([]int, 40)
	for i := range xs {
		xs[i], reps[i] = 0.1*float64(i%7)+1e-3*float64(i)/3, i
	}
	d := DrawGroups{Group: func(r int) int { return r / 2 }, Distinct: 20}
	e0, s0 := EstimateDraws(xs, reps, d)
	for k := 0; k < 50; k++ {
		if e, s := EstimateDraws(xs, reps, d); e != e0 || s != s0 {
			t.Fatalf("call %d: %+v %+v, first %+v %+v", k, e, s, e0, s0)
		}
	}
}
