package analysis

// Tests of estimators' edge cases that no test read before an audit asked
// "which test fails if I break this?" (scripts/mutate.sh names the
// mutations they catch).

import (
	"math"
	"testing"

	"github.com/povsim/povsim/sim"
)

// Draws of unequal sizes: {1, 3} and {6, 8, 10}. Mean 5.6; within mean
// square (1 + 1 + 4 + 0 + 4)/(5 − 2) = 10/3; between mean square
// 2·(2 − 5.6)² + 3·(8 − 5.6)² = 43.2 over 1; n₀ = (5 − (2² + 3²)/5)/1 =
// 2.4 (not 5/2: the groups are not balanced), so the variance between
// draws is (43.2 − 10/3)/2.4, the parameters' part of the interval's
// variance it times 1 + (2² + 3²)/5² = 1.52 (not 1 + 1/2), and the Monte
// Carlo variance of the mean (10/3)/5.
func TestGroupedEstimateUnbalanced(t *testing.T) {
	e, s := groupedEstimate([]float64{1, 3, 6, 8, 10}, []int{0, 0, 1, 1, 1}, 2)
	if want := 1.52 * (43.2 - 10.0/3) / 2.4; math.Abs(e.Mean-5.6) > 1e-12 || math.Abs(s.Parameter-want) > 1e-9 || math.Abs(s.MonteCarlo-2.0/3) > 1e-12 {
		t.Errorf("mean %g, split %+v; want 5.6, {%g, %g}", e.Mean, s, want, 2.0/3)
	}
}

// With one replication per draw there is no variance within a draw to
// estimate: the estimate is the Monte Carlo one, never NaN, and all of its
// variance, sd²/n, is Monte Carlo.
func TestGroupedEstimateOneReplicationPerDraw(t *testing.T) {
	xs := []float64{1, 2, 4}
	e, s := groupedEstimate(xs, []int{0, 1, 2}, 3)
	// sd² = ((1 − 7/3)² + (2 − 7/3)² + (4 − 7/3)²)/2 = 7/3, over 3
	if e != EstimateOf(xs) || s.Parameter != 0 || math.Abs(s.MonteCarlo-7.0/9) > 1e-15 {
		t.Errorf("got %+v, split %+v; want the Monte Carlo estimate %+v, all of it Monte Carlo", e, s, EstimateOf(xs))
	}
}

// The median time out of poverty is the first year the survival falls to
// one half or below (0.5 itself counts), its band from the year the
// band's lower edge crosses one half to the year its upper edge does.
func TestMedianOutEdges(t *testing.T) {
	s := []Estimate{
		{Mean: 1, Lo: 1, Hi: 1, N: 3},
		{Mean: 0.5, Lo: 0.4, Hi: 0.6, N: 3},
		{Mean: 0.45, Lo: 0.35, Hi: 0.55, N: 3},
		{Mean: 0.3, Lo: 0.2, Hi: 0.45, N: 3},
	}
	mean, lo, hi := medianOut(s)
	if mean == nil || lo == nil || hi == nil || *mean != 1 || *lo != 1 || *hi != 3 {
		t.Errorf("median %v [%v, %v], want 1 [1, 3]", deref(mean), deref(lo), deref(hi))
	}
}

func deref(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

// The tail pools the longest durations until at least minTailAtRisk (50)
// spells are at risk: 20 at d = 3 and 30 at d = 2 make 50, so it starts at
// d = 2.
func TestTailStartAtTheBound(t *testing.T) {
	if k := tailStart([]int{0, 100, 30, 20}); k != 2 {
		t.Errorf("tail starts at %d, want 2", k)
	}
}

// A spell in poverty lasts at least a year: the lower end of the mean
// length's interval is never below 1 (nor above the mean). Three
// replications of 100 spells poor for a year, of which 100, 50 and 100
// leave: mean length 300/250 = 1.2, with a jackknife interval wide enough
// to reach below 1 uncut.
func TestMeanReturnAtLeastAYear(t *testing.T) {
	var spells []*sim.Spells
	for _, exits := range []int{100, 50, 100} {
		spells = append(spells, &sim.Spells{OutAtRisk: []int{0, 0}, OutFall: []int{0, 0}, InAtRisk: []int{0, 100}, InExit: []int{0, exits}})
	}
	_, _, _, mr := hazards(spells)
	if math.Abs(mr.Mean-1.2) > 1e-12 || mr.Lo != 1 {
		t.Errorf("mean return %g [%g, %g], want 1.2 with its interval cut at 1", mr.Mean, mr.Lo, mr.Hi)
	}
}

// The hazards run to the longest duration with anyone at risk, in poverty
// or out of it: spells poor for 3 years make durations 1, 2, 3 though no
// household has been out of poverty longer than 2.
func TestHazardDurationsInPoverty(t *testing.T) {
	sp := &sim.Spells{OutAtRisk: []int{0, 10, 5, 0}, OutFall: []int{0, 1, 1, 0}, InAtRisk: []int{0, 10, 5, 2}, InExit: []int{0, 5, 2, 1}}
	d, fall, exit, _ := hazards([]*sim.Spells{sp})
	if len(d) != 3 || d[2] != 3 || len(fall) != 3 || len(exit) != 3 || exit[2].Mean != 0.5 {
		t.Errorf("durations %v, exit hazards %v; want 1, 2, 3 with 1/2 at 3", d, exit)
	}
}

// A replication whose households of a type vanish in a year stops
// contributing to the type's survival from that year on, even if the type
// comes back: replication 0 has 100 at risk and 10 first returns in every
// year (S = 0.9, 0.81, 0.729), replication 1 none returned in year 1 and
// none of the type in year 2.
func TestTypeSurvivalStopsWhenTheTypeVanishes(t *testing.T) {
	const ty = sim.TypeElderlyOnly
	year := func(y, fp, never, newly int) sim.YearStats {
		ys := sim.YearStats{Year: y}
		ys.Types[ty] = sim.TypeCount{FormerlyPoor: fp, NeverReturned: never, NewlyReturned: newly}
		return ys
	}
	res := []sim.Result{
		{Years: []sim.YearStats{year(2021, 100, 100, 10), year(2022, 100, 100, 10), year(2023, 100, 100, 10)}},
		{Years: []sim.YearStats{year(2021, 100, 100, 0), year(2022, 0, 0, 0), year(2023, 100, 100, 50)}},
	}
	s := TypeSurvivalOf(res, ty).Survival
	if s[1].N != 2 || math.Abs(s[1].Mean-0.95) > 1e-12 || s[2].N != 1 || s[3].N != 1 || math.Abs(s[3].Mean-0.729) > 1e-12 {
		t.Errorf("survival %+v, want S(1) 0.95 of 2 replications, S(2) and S(3) of 1 (S(3) 0.729)", s)
	}
}
