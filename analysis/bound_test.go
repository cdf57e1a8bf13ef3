package analysis_test

import (
	"encoding/json"
	"math"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/sim"
)

// rare makes one-year replications of 1,000 formerly poor households
// with registered[i] registered returns and returned[i] income-poor ones.
func rare(registered, returned []int) []sim.Result {
	out := make([]sim.Result, len(registered))
	for i := range registered {
		out[i] = sim.Result{Rep: i, Years: []sim.YearStats{{Year: 2021, Households: 1000, People: 3000,
			FormerlyPoor: 1000, Registered: registered[i], Returned: returned[i], EverReturned: returned[i]}}}
	}
	return out
}

// A rare share whose t-interval crosses 0. Registered returns 0, 0, 0, 0,
// 5 of 1,000: rates 0, 0, 0, 0, 0.005, mean 0.001, squared deviations
// 4·0.001² + 0.004² = 2e-5, SD = √(2e-5/4) = √5e-6, so SD/√5 = 0.001 and
// the half-width is t(0.975, 4)·0.001 =
// 0.0027764451051977987: the t-interval is [−0.00177645, 0.00377645]. The
// reported interval stops at 0; its upper end, mean and SD are the
// t-interval's.
func TestRareShareIntervalStopsAtZero(t *testing.T) {
	const t975df4 = 2.7764451051977987
	res := rare([]int{0, 0, 0, 0, 5}, []int{0, 0, 0, 0, 5})
	e := analysis.SeriesOf(analysis.RegisteredReturn, res).Years[0]
	want := analysis.Estimate{Mean: 0.001, Lo: 0, Hi: 0.001 + t975df4*0.001, SD: math.Sqrt(5e-6), N: 5}
	closeEstimate(t, "registered_return", e, want)
	if 0.001-t975df4*0.001 >= 0 {
		t.Fatal("the case does not cross 0")
	}
	// The paired difference of the same values (the base has no return)
	// keeps its negative end: a difference may have either sign.
	base := rare([]int{0, 0, 0, 0, 0}, []int{0, 0, 0, 0, 0})
	d := analysis.PairedSeries(analysis.RegisteredReturn, base, res).Years[0]
	closeEstimate(t, "diff.registered_return", d, analysis.Estimate{Mean: 0.001, Lo: 0.001 - t975df4*0.001, Hi: 0.001 + t975df4*0.001, SD: math.Sqrt(5e-6), N: 5})
	// Kept out (base − alt, in households: 0, 0, 0, 0, −5) is a
	// difference too, though not marked as one.
	c := analysis.Compare([]string{"base", "alt"}, [][]sim.Result{base, res}, false)
	k := c.Diffs[0].KeptOut.Years[0]
	closeEstimate(t, "kept_out", k, analysis.Estimate{Mean: -1, Lo: -1 - t975df4, Hi: -1 + t975df4, SD: math.Sqrt(5), N: 5})
	// The comparison's own summary of the alternative is cut as well.
	closeEstimate(t, "comparison's registered_return", c.Summaries[1].Get(analysis.RegisteredReturn).Years[0], want)
}

// A share's interval stops at 1 too; a count's only at 0.
func TestBoundClamp(t *testing.T) {
	e := analysis.Estimate{Mean: 0.9, Lo: -0.2, Hi: 1.3, SD: 0.4, N: 4}
	for _, c := range []struct {
		b      analysis.Bound
		lo, hi float64
	}{{analysis.Unbounded, -0.2, 1.3}, {analysis.NonNegative, 0, 1.3}, {analysis.UnitInterval, 0, 1}} {
		got := c.b.Clamp(e)
		if got.Lo != c.lo || got.Hi != c.hi || got.Mean != e.Mean || got.SD != e.SD || got.N != e.N {
			t.Errorf("%v: Clamp = %+v, want Lo %g Hi %g and the rest unchanged", c.b, got, c.lo, c.hi)
		}
	}
	one := analysis.Estimate{Mean: -3, Lo: -3, Hi: -3, N: 1} // no interval: nothing to cut
	if got := analysis.NonNegative.Clamp(one); got != one {
		t.Errorf("Clamp of a single replication = %+v, want it unchanged", got)
	}
}

// Every outcome has the bound its unit implies: shares 0 to 1 (bar the
// income shares, whose business part may be negative), counts of
// households and money spent 0 or more, differences and incomes none.
func TestOutcomeBounds(t *testing.T) {
	for _, k := range analysis.AllOutcomes() {
		want := analysis.Unbounded
		switch {
		case k == analysis.IncomeShareOf(analysis.IncomeBusiness), k == analysis.IncomeShareFormerlyPoorOf(analysis.IncomeBusiness):
		case k == analysis.IncomeShareOf(analysis.IncomeWages), k == analysis.IncomeShareOf(analysis.IncomeProperty),
			k == analysis.IncomeShareOf(analysis.IncomeTransfers), k == analysis.IncomeShareFormerlyPoorOf(analysis.IncomeWages),
			k == analysis.IncomeShareFormerlyPoorOf(analysis.IncomeProperty), k == analysis.IncomeShareFormerlyPoorOf(analysis.IncomeTransfers):
			want = analysis.NonNegative
		case k == analysis.UnpairedHalfWidth:
			want = analysis.NonNegative
		case !k.Yearly():
		case k.Share():
			want = analysis.UnitInterval
		case k.Unit() == "households" || k.Unit() == "yuan":
			want = analysis.NonNegative
		}
		if k.Bound() != want {
			t.Errorf("%s (%s): bound %v, want %v", k, k.Unit(), k.Bound(), want)
		}
	}
}

// A summary written before intervals were cut is read back cut.
func TestSeriesJSONOldIntervalCut(t *testing.T) {
	old := `{"outcome":"registered_return","label":"","unit":"","cumulative":false,"years":[{"mean":0.001,"lo":-0.002,"hi":0.004,"sd":0.002,"n":5}]}`
	var se analysis.Series
	if err := json.Unmarshal([]byte(old), &se); err != nil {
		t.Fatal(err)
	}
	if e := se.Years[0]; e.Lo != 0 || e.Hi != 0.004 {
		t.Errorf("read back [%g, %g], want [0, 0.004]", e.Lo, e.Hi)
	}
	diff := `{"outcome":"diff.registered_return","label":"","unit":"","cumulative":false,"years":[{"mean":0.001,"lo":-0.002,"hi":0.004,"sd":0.002,"n":5}]}`
	if err := json.Unmarshal([]byte(diff), &se); err != nil {
		t.Fatal(err)
	}
	if e := se.Years[0]; e.Lo != -0.002 {
		t.Errorf("difference read back with lo %g, want −0.002 untouched", e.Lo)
	}
}

func closeEstimate(t *testing.T, what string, got, want analysis.Estimate) {
	t.Helper()
	if got.N != want.N {
		t.Errorf("%s: N = %d, want %d", what, got.N, want.N)
	}
	// Sums of a few small numbers and gonum's t quantile (about 1e-12
	// relative): 1e-9 is wide, yet the normal's 1.96 for t would miss by 8e-4.
	for _, c := range []struct {
		name string
		g, w float64
	}{{"mean", got.Mean, want.Mean}, {"lo", got.Lo, want.Lo}, {"hi", got.Hi, want.Hi}, {"sd", got.SD, want.SD}} {
		if math.Abs(c.g-c.w) > 1e-9*math.Max(1, math.Abs(c.w)) {
			t.Errorf("%s: %s = %.12g, want %.12g", what, c.name, c.g, c.w)
		}
	}
}

// Within is the precision targets' stopping rule: an interval, of
// half-width at most h.
func TestEstimateWithin(t *testing.T) {
	e := analysis.Estimate{Mean: 1, Lo: 0.8, Hi: 1.2, SD: 0.3, N: 5} // half-width 0.2
	for _, c := range []struct {
		e    analysis.Estimate
		h    float64
		want bool
	}{
		{e, 0.2, true}, {e, 0.25, true}, {e, 0.19, false}, {e, math.NaN(), false},
		{analysis.Estimate{Mean: 1, Lo: 1, Hi: 1, N: 1}, 1, false}, // one replication: no interval
		{analysis.Estimate{}, 1, false},
	} {
		if got := c.e.Within(c.h); got != c.want {
			t.Errorf("%+v.Within(%g) = %v, want %v", c.e, c.h, got, c.want)
		}
	}
}
