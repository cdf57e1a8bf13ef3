package analysis_test

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
)

// Test 7: a scenario identical to its base (a file that extends baseline
// and changes nothing) draws the same numbers in every replication, so
// every paired difference is exactly zero in every year: mean, interval and
// SD, with no tolerance.
func TestCompareIdenticalIsZero(t *testing.T) {
	same, err := scenarios.Parse("same.yaml", []byte("name: same\nextends: baseline\n"))
	if err != nil {
		t.Fatal(err)
	}
	ms := append(libraryModels(t, 800, "baseline"), shrink(t, same, 800))
	res := ensemble(t, ms, analysis.Options{Reps: 4, Seed: 11, Workers: 2})
	c := analysis.Compare([]string{"baseline", "same"}, res, true)
	if len(c.Diffs) != 1 {
		t.Fatalf("%d differences, want 1", len(c.Diffs))
	}
	d := c.Diffs[0]
	series := append(append([]analysis.Series(nil), d.Paired...), d.KeptOut, d.Avoided, d.ExtraCost)
	if len(d.Paired) < len(analysis.Outcomes)+int(sim.NumTypes)+int(sim.NumPrograms) {
		t.Errorf("%d paired outcomes, want every outcome, type and program", len(d.Paired))
	}
	for _, se := range series {
		for y, e := range se.Years {
			if e.Mean != 0 || e.Lo != 0 || e.Hi != 0 || e.SD != 0 {
				t.Errorf("%s %d: %+v, want exactly 0", se.Outcome, c.Years[y], e)
			}
		}
	}
	if d.CostPerAvoided != nil {
		t.Errorf("cost per return avoided %v, want none (no return avoided)", *d.CostPerAvoided)
	}
	// The unpaired half-width is not zero: the replications differ.
	if h := d.UnpairedHalfWidth[len(c.Years)-1]; !(h > 0) {
		t.Errorf("unpaired half-width %v, want > 0", h)
	}
	// The table's sentence says there was nothing to tell apart, not
	// "+0.0000 pp [+0.0000, +0.0000] … 0.0 fewer registered [0.0, 0.0]".
	var b bytes.Buffer
	if err := analysis.WriteComparisonTable(&b, c); err != nil {
		t.Fatal(err)
	}
	if first, _, _ := strings.Cut(b.String(), "\n"); !strings.HasPrefix(first, "same against baseline: registered returns the same in every replication over") {
		t.Errorf("first line %q", first)
	}
}

// Test 8: common random numbers make the paired interval of the horizon
// return-rate difference much narrower than the one of independent runs
// (Differences.UnpairedHalfWidth, Welch).
//
// How much narrower depends on the scenario. The unpaired width is set by
// what all households of a replication share (prices, disasters, the drawn
// population) and barely shrinks with more households; the paired width is
// the spread of the effect itself between replications, which shrinks as
// 1/√households. A small, local effect (e-commerce, rural doctors) gives a
// ratio of 4–13 at 10,000 households. A large effect that changes many
// households' paths (cut-subsidy, monitoring-tight) gives about 2.5–4:
// over 48 replications (an earlier model), cut-subsidy 4.0 and
// monitoring-tight 2.5 at 10,000 households (4.0 and 3.4 at 30,000). The
// test asks the issue's factor 3 of the library's median and that no
// interval be clearly widened (ratio ≥ 0.9); it measures over 32
// replications, over which the ratio of half-widths estimates the ratio of
// SDs to within about ±18% (one standard error of the log ratio).
func TestCommonRandomNumbers(t *testing.T) {
	if testing.Short() {
		t.Skip("32 replications of 10,000 households for every library scenario; skipped with -short")
	}
	lib, err := scenarios.Library()
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"baseline"}
	for _, e := range lib {
		switch e.Name {
		case "baseline", "bench-reference", "changshou":
		default:
			names = append(names, e.Name)
		}
	}
	// Pairing removes the variance that both scenarios share; it cannot
	// remove the variance the policy's effect itself has between
	// replications, when the effect depends on a shock shared by a whole
	// replication: the promoted product's market shock (specialty-*), the
	// spread of ten township lines (monitoring-tight), how many villages the
	// extra disasters hit (disaster-stress), or how many households the
	// year's price shocks leave just above the line (subsidy cuts). So the
	// test asks for a median ratio ≥ 3 over the library, and that pairing
	// never makes an interval clearly wider (ratio ≥ 0.9).
	// Measured at seed 2024, 10,000 households, 16 replications (session 1):
	// median 6.0; ecommerce 15.7, rural-doctors 6.9, cut-subsidy 2.9,
	// monitoring-tight 2.7, disaster-stress 1.7, specialty-homogenization 1.0.
	// The ratio of two half-widths, each from the standard deviation of
	// n replications, has a relative error of about 1/√(n−1): 26% at 16.
	// On the model with routine care (session 9) 16 replications measured
	// a median of 2.97 at seed 2024 and 3.1–5.3 at seeds 1, 2, 3, 5 and 6;
	// 32 replications 4.1–4.2 at seeds 2024, 1 and 2: the true median has
	// fallen from about 6 (session 1) to about 4, 25% above the bar, and the
	// test uses 32 so that it measures pairing, not its own noise.
	ms := libraryModels(t, 10000, names...)
	res := ensemble(t, ms, analysis.Options{Reps: 32, Seed: 2024, Workers: 2})
	c := analysis.Compare(names, res, false)
	h := len(c.Years) - 1
	var ratios []float64
	for _, d := range c.Diffs {
		diff := d.Get(analysis.ReturnRate)
		if diff.Outcome != "diff.return_rate" {
			t.Fatalf("%s: Get(ReturnRate) = %s", d.Scenario, diff.Outcome)
		}
		paired, unpaired := diff.Years[h].HalfWidth(), d.UnpairedHalfWidth[h]
		ratio := unpaired / paired
		ratios = append(ratios, ratio)
		t.Logf("%-28s %d: paired ±%.3f pp, unpaired ±%.3f pp, ratio %.1f", d.Scenario, c.Years[h], 100*paired, 100*unpaired, ratio)
		if !(ratio >= 0.9) {
			t.Errorf("%s: pairing widened the interval (ratio %.2f, want ≥ 0.9)", d.Scenario, ratio)
		}
	}
	sort.Float64s(ratios)
	if med := ratios[len(ratios)/2]; !(med >= 3) {
		t.Errorf("median ratio over the library %.2f, want ≥ 3", med)
	}
}

// Test 11: CompareModels adds replications until the precision target is
// met, and stops at MaxReps when it cannot be.
func TestCompareModelsPrecision(t *testing.T) {
	ms := libraryModels(t, 1000, "baseline", "cut-subsidy")
	base := analysis.Options{Reps: 3, Seed: 8, Workers: 2}
	horizonHalf := func(res [][]sim.Result) float64 {
		c := analysis.Compare([]string{"baseline", "cut-subsidy"}, res, false)
		d := c.Diffs[0].Get(analysis.ReturnRate)
		return d.Years[len(c.Years)-1].HalfWidth()
	}

	t.Run("reached", func(t *testing.T) {
		// At 1,000 households, 3 replications give a horizon half-width
		// near 1 pp; 0.5 pp needs more replications but is within reach.
		const precision = 0.005
		res, met, err := analysis.CompareModels(context.Background(), ms,
			analysis.CompareOptions{Options: base, Precision: precision, Measure: analysis.MeasurePoverty, MaxReps: 60})
		if err != nil {
			t.Fatal(err)
		}
		n := len(res[0])
		t.Logf("%d replications for ±%g; half-width %.4f", n, precision, horizonHalf(res))
		if !met || n < base.Reps || n > 60 || len(res[1]) != n {
			t.Fatalf("met %v with %d/%d replications, want met with %d…60", met, n, len(res[1]), base.Reps)
		}
		if h := horizonHalf(res); h > precision {
			t.Errorf("met, but the horizon half-width is %v > %v", h, precision)
		}
		// The added replications are those a single run of that size draws.
		if all := ensemble(t, ms, analysis.Options{Reps: n, Seed: base.Seed, Workers: 2}); !reflect.DeepEqual(res, all) {
			t.Error("CompareModels' replications differ from one ensemble of the same size")
		}
	})

	t.Run("impossible", func(t *testing.T) {
		res, met, err := analysis.CompareModels(context.Background(), ms,
			analysis.CompareOptions{Options: base, Precision: 1e-9, Measure: analysis.MeasurePoverty, MaxReps: 7})
		if err != nil {
			t.Fatal(err)
		}
		if met || len(res[0]) != 7 || len(res[1]) != 7 {
			t.Errorf("met %v with %d/%d replications, want not met at MaxReps 7", met, len(res[0]), len(res[1]))
		}
	})

	t.Run("no target", func(t *testing.T) {
		res, met, err := analysis.CompareModels(context.Background(), ms, analysis.CompareOptions{Options: base})
		if err != nil {
			t.Fatal(err)
		}
		if !met || len(res[0]) != base.Reps {
			t.Errorf("met %v with %d replications, want met with %d", met, len(res[0]), base.Reps)
		}
	})
}

// Test 12: comparing a cut of the transition subsidy with the baseline on
// common random numbers.
func ExampleCompare() {
	names := []string{"baseline", "cut-subsidy"}
	var models []*sim.Model
	for _, n := range names {
		sc, err := scenarios.Load(n)
		if err != nil {
			panic(err)
		}
		if err := sc.Override("example", []string{"population.households=4000"}); err != nil {
			panic(err)
		}
		m, err := sim.New(sc.Config)
		if err != nil {
			panic(err)
		}
		models = append(models, m)
	}
	res, err := analysis.Ensemble(context.Background(), models, analysis.Options{Reps: 4, Seed: 1, Workers: 2})
	if err != nil {
		panic(err)
	}
	c := analysis.Compare(names, res, false)
	h := len(c.Years) - 1
	d := c.Diffs[0].Get(analysis.ReturnRate)
	fmt.Printf("%s vs %s: %d replications, %d–%d\n", c.Diffs[0].Scenario, c.Base, c.Reps, c.Years[0], c.Years[h])
	fmt.Println("income poverty higher at the horizon:", d.Years[h].Lo > 0)
	// Output:
	// cut-subsidy vs baseline: 4 replications, 2021–2030
	// income poverty higher at the horizon: true
}
