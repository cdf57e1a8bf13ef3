package web

import (
	"math"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/sim"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// estimate is the mean of xs with the 95% confidence interval of the mean
// (Student's t), as analysis.Estimate holds it.
func estimate(xs []float64) analysis.Estimate {
	n := len(xs)
	switch n {
	case 0:
		return analysis.Estimate{}
	case 1:
		return analysis.Estimate{Mean: xs[0], Lo: xs[0], Hi: xs[0], N: 1}
	}
	mean, sd := stat.MeanStdDev(xs, nil)
	half := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975) * sd / math.Sqrt(float64(n))
	return analysis.Estimate{Mean: mean, Lo: mean - half, Hi: mean + half, SD: sd, N: n}
}

// paired estimates the mean of alt − ref replication by replication. With
// common random numbers the two share their draws, so the paired interval
// is much narrower than the difference of two independent intervals.
// Replications where either value is undefined are left out.
func paired(ref, alt []float64, refOK, altOK []bool) analysis.Estimate {
	d := make([]float64, 0, len(ref))
	for i := range ref {
		if refOK[i] && altOK[i] {
			d = append(d, alt[i]-ref[i])
		}
	}
	return estimate(d)
}

// perRep reads one number off each replication.
func perRep(results []sim.Result, f func(r *sim.Result) (float64, bool)) ([]float64, []bool) {
	xs := make([]float64, len(results))
	ok := make([]bool, len(results))
	for i := range results {
		xs[i], ok[i] = f(&results[i])
	}
	return xs, ok
}

func defined(xs []float64, ok []bool) []float64 {
	out := make([]float64, 0, len(xs))
	for i, x := range xs {
		if ok[i] {
			out = append(out, x)
		}
	}
	return out
}

// yearOutcome reads an outcome in year index t.
func yearOutcome(o analysis.Outcome, t int) func(r *sim.Result) (float64, bool) {
	return func(r *sim.Result) (float64, bool) { return o.Value(&r.Years[t]) }
}

// pairedSeries is the paired difference of an outcome per year.
func pairedSeries(o analysis.Outcome, ref, alt []sim.Result) []analysis.Estimate {
	out := make([]analysis.Estimate, len(ref[0].Years))
	for t := range out {
		a, aok := perRep(ref, yearOutcome(o, t))
		b, bok := perRep(alt, yearOutcome(o, t))
		out[t] = paired(a, b, aok, bok)
	}
	return out
}

// meanRate is the return-to-poverty rate over all years: formerly poor
// households in poverty, summed over the years, over formerly poor
// households summed over the years.
func meanRate(r *sim.Result) (float64, bool) {
	var num, den int
	for _, y := range r.Years {
		num += y.Returned
		den += y.FormerlyPoor
	}
	if den == 0 {
		return 0, false
	}
	return float64(num) / float64(den), true
}

// poorYears is the number of formerly poor household-years in poverty.
func poorYears(r *sim.Result) (float64, bool) {
	n := 0
	for _, y := range r.Years {
		n += y.Returned
	}
	return float64(n), true
}

// costPerYear is the public cost of all programs, yuan per year on average.
func costPerYear(r *sim.Result) (float64, bool) {
	s := 0.0
	for _, y := range r.Years {
		for _, c := range y.Cost {
			s += c
		}
	}
	return s / float64(len(r.Years)), true
}
