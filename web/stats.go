package web

import (
	"github.com/povsim/povsim/sim"
)

// defined keeps the values of the replications where f is defined.
func defined(results []sim.Result, f func(r *sim.Result) (float64, bool)) []float64 {
	out := make([]float64, 0, len(results))
	for i := range results {
		if x, ok := f(&results[i]); ok {
			out = append(out, x)
		}
	}
	return out
}

// meanRate is the return-to-poverty rate over all years: formerly poor
// households in poverty, summed over the years, over formerly poor
// households summed over the years.
func meanRate(r *sim.Result) (float64, bool) {
	return pooled(r, func(y *sim.YearStats) int { return y.Returned })
}

// meanRegistered is the registered return over all years, pooled as
// meanRate is.
func meanRegistered(r *sim.Result) (float64, bool) {
	return pooled(r, func(y *sim.YearStats) int { return y.Registered })
}

// pooled is count summed over the years over formerly poor households
// summed over the years.
func pooled(r *sim.Result, count func(*sim.YearStats) int) (float64, bool) {
	var num, den int
	for i := range r.Years {
		num += count(&r.Years[i])
		den += r.Years[i].FormerlyPoor
	}
	if den == 0 {
		return 0, false
	}
	return float64(num) / float64(den), true
}

// poorYears is the number of formerly poor household-years in income poverty
// (YearStats.Returned: income below the line, registered or not).
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
