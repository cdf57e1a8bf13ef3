package analysis_test

// Tests of the comparison's edge cases that no test read before an audit
// asked "which test fails if I break this?" (scripts/mutate.sh names the
// mutations they catch).

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/sim"
)

// An alternative that avoids no return has no cost per return avoided,
// whatever it costs: not when it avoids none (the same runs), nor when it
// avoids fewer than none (more households ever poor: 12 and 16 instead of
// 10 and 14 in the last year, at 500 yuan more a year).
func TestCostPerAvoidedNeedsAvoided(t *testing.T) {
	base := handRuns([2][2]int{{8, 8}, {12, 12}}, [2][2]int{{8, 10}, {12, 14}}, [2][2]float64{{1000, 1000}, {2000, 2000}})
	worse := handRuns([2][2]int{{9, 9}, {13, 14}}, [2][2]int{{9, 12}, {13, 16}}, [2][2]float64{{1500, 1500}, {2500, 2500}})
	for _, c := range []struct {
		name    string
		alt     []sim.Result
		avoided float64
	}{{"the same runs", base, 0}, {"more returns", worse, -2}} {
		d := analysis.Compare([]string{"base", "alt"}, [][]sim.Result{base, c.alt}, false).Diffs[0]
		if got := d.Avoided.Years[1].Mean; got != c.avoided {
			t.Errorf("%s: returns avoided %g, want %g", c.name, got, c.avoided)
		}
		if d.CostPerAvoided != nil {
			t.Errorf("%s: cost per return avoided %g, want none", c.name, *d.CostPerAvoided)
		}
	}
}

// Without spread between replications (every replication the same return
// rate, in both scenarios) the unpaired half-width is 0, not NaN.
func TestUnpairedHalfWidthWithoutSpread(t *testing.T) {
	runs := handRuns([2][2]int{{8, 9}, {8, 9}}, [2][2]int{{8, 10}, {8, 10}}, [2][2]float64{})
	d := analysis.Compare([]string{"base", "alt"}, [][]sim.Result{runs, runs}, false).Diffs[0]
	for t0, hw := range d.UnpairedHalfWidth {
		if hw != 0 {
			t.Errorf("year %d: unpaired half-width %v, want 0", t0+1, hw)
		}
	}
}

// The estimate of −x has the mean negated and the interval's ends negated
// and swapped, so that an effect of the wrong sign reads, in words, as a
// positive amount with its interval in order.
func TestNegSwapsTheInterval(t *testing.T) {
	e := analysis.Estimate{Mean: -369, Lo: -500, Hi: -238, SD: 80, N: 3}
	if got, want := e.Neg(), (analysis.Estimate{Mean: 369, Lo: 238, Hi: 500, SD: 80, N: 3}); got != want {
		t.Errorf("Neg = %+v, want %+v", got, want)
	}
	format := func(e analysis.Estimate) string { return fmt.Sprintf("%.0f [%.0f, %.0f]", e.Mean, e.Lo, e.Hi) }
	if got, want := analysis.InWords(e, format, " kept out", " more back in poverty"), "369 more back in poverty [238, 500]"; got != want {
		t.Errorf("in words %q, want %q", got, want)
	}
}

// A comparison read from a file whose series has more years than the
// comparison is refused, as one with fewer is.
func TestComparisonCheckLongSeries(t *testing.T) {
	runs := handRuns([2][2]int{{10, 8}, {12, 14}}, [2][2]int{{10, 15}, {12, 20}}, [2][2]float64{})
	c := analysis.Compare([]string{"base", "alt"}, [][]sim.Result{runs, runs}, false)
	c.Diffs[0].ExtraCost.Years = append(c.Diffs[0].ExtraCost.Years, analysis.Estimate{Mean: math.Pi, N: 1})
	if err := c.Check(); err == nil || !strings.Contains(err.Error(), "extra_cost has 3 years, want 2") {
		t.Errorf("long series: %v", err)
	}
}
