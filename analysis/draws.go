package analysis

import (
	"fmt"
	"io"
	"maps"
	"math"
	"slices"

	"github.com/povsim/povsim/sim"
)

// Split divides the variance of an interval (the variance whose
// Student-t multiple is its half-width) between parameter uncertainty and
// Monte Carlo noise; the two add up to it. With draws (groupedEstimate)
// Parameter is (1 + Σn_g²/N²)·σ²_θ, the spread of a new draw's outcome
// and the uncertainty it leaves in the mean (1 + 1/G with equal groups),
// and MonteCarlo is MS_within/N.
type Split struct {
	Parameter  float64 `json:"parameter_variance"`
	MonteCarlo float64 `json:"monte_carlo_variance"`
}

// roughDraws is the number of draws below which WriteSplit calls the
// parameters' share of the variance a rough estimate: it rests on the
// variance between draws' means, estimated with draws − 1 degrees of
// freedom.
const roughDraws = 30

// drawsInterval is the split and 95% half-width of groupedEstimate's
// interval from the one-way analysis of variance of G groups of N
// replications: mean squares msb (G − 1 degrees of freedom) and msw (N −
// G), n0 the groups' effective size and a = 1 + Σn_g²/N². The variance
// V = a·σ²_θ + MS_within/N, σ²_θ = (MS_between − MS_within)/n₀, is
// c_B·MS_between + c_W·MS_within with c_B = a/n₀ and c_W = 1/N − a/n₀,
// whose Satterthwaite degrees of freedom are V² / ((c_B·MS_between)²/(G
// − 1) + (c_W·MS_within)²/(N − G)). When MS_between ≤ MS_within, σ²_θ is
// cut at 0 and V is MS_within/N with N − G degrees of freedom.
func drawsInterval(msb, msw, n0, groups, n, a float64) (Split, float64) {
	if !(msb > msw) {
		s := Split{MonteCarlo: msw / n}
		if !(s.MonteCarlo > 0) {
			return s, 0 // nothing varies
		}
		return s, tQuantileF(n-groups) * math.Sqrt(s.MonteCarlo)
	}
	cb := a / n0
	cw := 1/n - cb
	s := Split{Parameter: cb * (msb - msw), MonteCarlo: msw / n}
	v := s.Parameter + s.MonteCarlo
	df := v * v / (sq(cb*msb)/(groups-1) + sq(cw*msw)/(n-groups))
	return s, tQuantileF(df) * math.Sqrt(v)
}

// ParameterShare is the parameters' share of the variance (0 when there is
// none).
func (s Split) ParameterShare() float64 {
	if t := s.Parameter + s.MonteCarlo; t > 0 {
		return s.Parameter / t
	}
	return 0
}

// Interval kinds, as Summary.Uncertainty and Comparison.Uncertainty say.
const (
	IntervalMC     = "" // Monte Carlo noise only (the default)
	IntervalParams = "95% intervals carry parameter uncertainty (replications run on parameter draws) and Monte Carlo noise"
)

// DrawGroups say which replications share a parameter draw: replication r
// belongs to group Group(r), and every replication of a group runs on the
// same draw. Distinct is the number of different draws the groups use;
// with one, there is no parameter uncertainty.
type DrawGroups struct {
	Group    func(rep int) int
	Distinct int
}

// groupedEstimate estimates the mean of xs (replication values, xs[i] from
// group g[i]) with an interval that carries parameter uncertainty: an
// interval for the outcome on a new draw of the parameters, not for the
// mean over draws. The replications' variance splits by the law of total
// variance, estimated by one-way analysis of variance: the variance
// between draws of the mean given the draw, σ²_θ = (MS_between −
// MS_within)/n₀ (0 if negative); the Monte Carlo variance of the mean is
// MS_within/N. A new draw's outcome differs from the mean by its own
// spread σ²_θ and the mean's, σ²_θ/G with G equal groups, so the interval
// is mean ± t √((1 + 1/G)·σ²_θ + MS_within/N), t the Student quantile at
// the Satterthwaite degrees of freedom of that sum written in the two mean
// squares (drawsInterval): with few draws the parameters' part is a rough
// estimate, and the interval widens for it. With a single distinct draw it
// is the Monte Carlo interval of EstimateOf, all of whose variance is
// Monte Carlo.
func groupedEstimate(xs []float64, g []int, distinct int) (Estimate, Split) {
	e := estimate(xs)
	if !e.HasInterval() {
		return e, Split{}
	}
	if distinct <= 1 {
		return e, monteCarloSplit(e)
	}
	sum, cnt := map[int]float64{}, map[int]float64{}
	for i, x := range xs {
		sum[g[i]] += x
		cnt[g[i]]++
	}
	n := float64(len(xs))
	groups := float64(len(cnt))
	var ssw, ssb, sumN2 float64 // sumN2 = Σn_g²
	for i, x := range xs {
		ssw += sq(x - sum[g[i]]/cnt[g[i]])
	}
	for _, k := range slices.Sorted(maps.Keys(cnt)) { // in order: sums of floats must not follow the map's random order
		c := cnt[k]
		ssb += c * sq(sum[k]/c-e.Mean)
		sumN2 += c * c
	}
	if groups < 2 || n-groups < 1 {
		return e, monteCarloSplit(e)
	}
	msw, msb := ssw/(n-groups), ssb/(groups-1)
	n0 := (n - sumN2/n) / (groups - 1)
	s, half := drawsInterval(msb, msw, n0, groups, n, 1+sumN2/(n*n))
	e.Lo, e.Hi = e.Mean-half, e.Mean+half
	return e, s
}

func sq(x float64) float64 { return x * x }

// monteCarloSplit is the split of a Monte Carlo interval: all of its
// variance, sd²/n, is Monte Carlo (its half-width is t at n − 1 degrees
// of freedom times the square root of that).
func monteCarloSplit(e Estimate) Split { return Split{MonteCarlo: e.SD * e.SD / float64(e.N)} }

// regroup recomputes a series' intervals with draws: value(r, t) is
// replication r's value in year t.
func regroup(se *Series, reps, years int, d DrawGroups, value func(r, t int) (float64, bool)) {
	se.Split = make([]Split, years)
	xs, gs := make([]float64, 0, reps), make([]int, 0, reps)
	for t := 0; t < years; t++ {
		xs, gs = xs[:0], gs[:0]
		for r := 0; r < reps; r++ {
			if v, ok := value(r, t); ok {
				xs, gs = append(xs, v), append(gs, d.Group(r))
			}
		}
		var e Estimate
		e, se.Split[t] = groupedEstimate(xs, gs, d.Distinct)
		se.set(t, e)
	}
}

// ApplyDraws gives a summary's intervals parameter uncertainty: results
// ran replication r on the draw of group d.Group(r). Means do not change;
// with a single distinct draw neither do the intervals (all their variance
// is Monte Carlo).
func ApplyDraws(s *Summary, results []sim.Result, d DrawGroups) {
	if d.Distinct > 1 {
		s.Uncertainty = IntervalParams
	}
	for _, group := range [][]Series{s.Series, s.ByType, s.Costs, s.Causes} {
		for i := range group {
			o := group[i].Key
			if !o.Yearly() {
				continue
			}
			regroup(&group[i], len(results), len(results[0].Years), d, func(r, t int) (float64, bool) {
				return o.Value(results[r].Years, t)
			})
		}
	}
}

// ApplyDrawsComparison gives every interval of a comparison parameter
// uncertainty (res[scenario][replication], all scenarios of replication r
// on the same draw, so differences stay paired).
func ApplyDrawsComparison(c *Comparison, res [][]sim.Result, d DrawGroups) {
	if d.Distinct > 1 {
		c.Uncertainty = IntervalParams
	}
	for i := range c.Summaries {
		ApplyDraws(&c.Summaries[i], res[i], d)
	}
	base := res[0]
	reps, years := len(base), len(base[0].Years)
	for k := range c.Diffs {
		alt := res[k+1]
		df := &c.Diffs[k]
		for i := range df.Paired {
			o := df.Paired[i].Key
			if !o.Yearly() {
				continue
			}
			regroup(&df.Paired[i], reps, years, d, func(r, t int) (float64, bool) {
				a, okA := o.Value(alt[r].Years, t)
				b, okB := o.Value(base[r].Years, t)
				return a - b, okA && okB
			})
		}
		regroup(&df.KeptOut, reps, years, d, func(r, t int) (float64, bool) {
			return float64(base[r].Years[t].Returned - alt[r].Years[t].Returned), true
		})
		regroup(&df.Avoided, reps, years, d, func(r, t int) (float64, bool) {
			return float64(base[r].Years[t].EverReturned - alt[r].Years[t].EverReturned), true
		})
		regroup(&df.ExtraCost, reps, years, d, func(r, t int) (float64, bool) {
			cum := 0.0
			for u := 0; u <= t; u++ {
				cum += totalCost(&alt[r].Years[u]) - totalCost(&base[r].Years[u])
			}
			return cum, true
		})
		regroup(&df.RegisteredAvoided, reps, years, d, func(r, t int) (float64, bool) {
			cum := 0
			for u := 0; u <= t; u++ {
				cum += base[r].Years[u].Registered - alt[r].Years[u].Registered
			}
			return float64(cum), true
		})
	}
}

// WriteSplit writes, for people, how the variance of the headline
// intervals divides: the return rate per scenario and its paired
// differences, at the horizon.
// draws is the number of distinct draws the replications ran on.
func WriteSplit(w io.Writer, c Comparison, draws int) {
	h := len(c.Years) - 1
	if c.Uncertainty != IntervalParams {
		fmt.Fprintln(w, "\nintervals are Monte Carlo noise only: every replication ran on the same parameter draw (more replications, --reps, run on more draws)")
		return
	}
	fmt.Fprintf(w, "\nintervals carry parameter uncertainty: share of each interval's variance from the parameters (the rest is Monte Carlo noise), %d\n", c.Years[h])
	if draws < roughDraws {
		fmt.Fprintf(w, "  (a rough estimate: these %d replications ran on %d draws, and the shares can change much from year to year)\n", c.Reps, draws)
	}
	line := func(name string, se Series) {
		if len(se.Split) <= h {
			return
		}
		s := se.Split[h]
		if s.Parameter <= 1e-9*(s.Parameter+s.MonteCarlo) { // the between-draw estimate was cut at zero, or is next to it
			fmt.Fprintf(w, "  %-28s parameters not told apart from Monte Carlo noise with these draws  (Monte Carlo variance %.3g)\n", name, s.MonteCarlo)
			return
		}
		fmt.Fprintf(w, "  %-28s parameters %5.1f%%  Monte Carlo %5.1f%%  (variances %.3g + %.3g)\n", name, 100*s.ParameterShare(), 100*(1-s.ParameterShare()), s.Parameter, s.MonteCarlo)
	}
	for _, s := range c.Summaries {
		line("registered, "+s.Scenario, s.Get(RegisteredReturn))
		line("return rate, "+s.Scenario, s.Get(ReturnRate))
	}
	for _, d := range c.Diffs {
		line("Δ registered, "+d.Scenario, d.Get(RegisteredReturn))
		line("Δ return rate, "+d.Scenario, d.Get(ReturnRate))
	}
}

// EstimateDraws is EstimateOf for replications run on parameter draws:
// xs[i] comes from replication reps[i]; see groupedEstimate.
func EstimateDraws(xs []float64, reps []int, d DrawGroups) (Estimate, Split) {
	g := make([]int, len(reps))
	for i, r := range reps {
		g[i] = d.Group(r)
	}
	return groupedEstimate(xs, g, d.Distinct)
}

// SeriesDraws is SeriesOf for replications run on parameter draws.
func SeriesDraws(k OutcomeKey, results []sim.Result, d DrawGroups) Series {
	se := SeriesOf(k, results)
	regroup(&se, len(results), len(results[0].Years), d, func(r, t int) (float64, bool) { return k.Value(results[r].Years, t) })
	return se
}

// PairedSeriesDraws is PairedSeries for replications run on parameter
// draws (replication r of both on the same draw).
func PairedSeriesDraws(k OutcomeKey, base, alt []sim.Result, d DrawGroups) Series {
	se := PairedSeries(k, base, alt)
	regroup(&se, len(base), len(base[0].Years), d, func(r, t int) (float64, bool) {
		a, okA := k.Value(alt[r].Years, t)
		b, okB := k.Value(base[r].Years, t)
		return a - b, okA && okB
	})
	return se
}
