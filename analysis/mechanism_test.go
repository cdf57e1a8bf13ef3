package analysis_test

// Tests of the estimators of docs/MODEL.md §6 against hand computations on
// hand-built replications (no simulation): the interval of a mean, the paired comparison (kept out, returns avoided,
// cumulative extra cost, cost per return avoided), the unpaired Welch
// half-width, and the replications CompareModels adds for a precision
// target. scripts/mutate.sh breaks each on purpose and checks that these
// tests notice.

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/sim"
	"gonum.org/v1/gonum/stat/distuv"
)

// t975 is the 97.5% quantile of Student's t with 1 … 4 degrees of freedom
// (from tables).
var t975 = []float64{1: 12.706204736174698, 2: 4.302652729749464, 3: 3.182446305284263, 4: 2.7764451051977934}

func closeTo(got, want float64) bool {
	return math.Abs(got-want) <= 1e-12*math.Max(1, math.Abs(want))
}

// meanSD is the mean and the sample standard deviation (divisor n − 1).
func meanSD(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(xs)-1))
}

func checkEstimate(t *testing.T, what string, e analysis.Estimate, xs []float64) {
	t.Helper()
	mean, sd := meanSD(xs)
	half := t975[len(xs)-1] * sd / math.Sqrt(float64(len(xs)))
	if e.N != len(xs) || !closeTo(e.Mean, mean) || !closeTo(e.SD, sd) || !closeTo(e.Lo, mean-half) || !closeTo(e.Hi, mean+half) {
		t.Errorf("%s: %+v, want n %d, mean %g, sd %g, interval [%g, %g]", what, e, len(xs), mean, sd, mean-half, mean+half)
	}
}

// The interval of a mean over n replications is mean ± t(0.975, n−1)·sd/√n.
func TestEstimateClosedForm(t *testing.T) {
	for _, xs := range [][]float64{{1, 2}, {1, 2, 4}, {0.3, 0.1, 0.2, 0.7}, {5, 5, 5, 6, 9}} {
		checkEstimate(t, fmt.Sprint(xs), analysis.EstimateOf(xs), xs)
	}
	if e := analysis.EstimateOf([]float64{3}); e.N != 1 || e.Mean != 3 || e.HasInterval() {
		t.Errorf("one replication: %+v, want the mean 3 and no interval", e)
	}
}

// pairedCase is two scenarios of four replications and two years, built by
// hand. In replication 3 of the alternative the second year has no
// formerly poor household: its rates are undefined there.
type pairedCase struct {
	base, alt []sim.Result
	// by [year][replication]
	baseRet, altRet, baseEver, altEver, baseCost, altCost [2][4]float64
}

func newPairedCase() pairedCase {
	c := pairedCase{
		baseRet:  [2][4]float64{{10, 12, 9, 15}, {11, 14, 8, 13}},
		altRet:   [2][4]float64{{7, 10, 8, 11}, {9, 12, 7, 0}},
		baseEver: [2][4]float64{{10, 12, 9, 15}, {14, 17, 12, 18}},
		altEver:  [2][4]float64{{7, 10, 8, 11}, {10, 13, 9, 12}},
		baseCost: [2][4]float64{{1000, 1100, 900, 1000}, {1000, 1200, 800, 1000}},
		altCost:  [2][4]float64{{1500, 1700, 1300, 1600}, {2000, 2300, 1700, 1900}},
	}
	build := func(ret, ever, cost *[2][4]float64, alt bool) []sim.Result {
		out := make([]sim.Result, 4)
		for r := range out {
			out[r].Rep = r
			for y := range 2 {
				ys := sim.YearStats{Year: 2021 + y, Households: 100, People: 250, FormerlyPoor: 100,
					Returned: int(ret[y][r]), EverReturned: int(ever[y][r])}
				if alt && r == 3 && y == 1 {
					ys.FormerlyPoor = 0
				}
				ys.Cost[sim.CostSubsidy] = cost[y][r]
				out[r].Years = append(out[r].Years, ys)
			}
		}
		return out
	}
	c.base = build(&c.baseRet, &c.baseEver, &c.baseCost, false)
	c.alt = build(&c.altRet, &c.altEver, &c.altCost, true)
	return c
}

// The paired comparison: diff = alt − base per replication where both are
// defined; kept_out = Returned_base − Returned_alt; returns_avoided =
// EverReturned_base − EverReturned_alt; extra_cost(t) = Σ_{s≤t} (cost_alt
// − cost_base); cost per return avoided = mean extra cost / mean returns
// avoided at the horizon.
func TestComparePairedHandComputed(t *testing.T) {
	c := newPairedCase()
	cmp := analysis.Compare([]string{"base", "alt"}, [][]sim.Result{c.base, c.alt}, false)
	d := cmp.Diffs[0]
	get := d.Get
	cum := make([]float64, 4)
	for y := range 2 {
		var diff, kept, avoided []float64
		for r := range 4 {
			if !(r == 3 && y == 1) {
				diff = append(diff, (c.altRet[y][r]-c.baseRet[y][r])/100)
			}
			kept = append(kept, c.baseRet[y][r]-c.altRet[y][r])
			avoided = append(avoided, c.baseEver[y][r]-c.altEver[y][r])
			cum[r] += c.altCost[y][r] - c.baseCost[y][r]
		}
		checkEstimate(t, fmt.Sprintf("year %d diff.return_rate", y+1), get(analysis.ReturnRate).Years[y], diff)
		checkEstimate(t, fmt.Sprintf("year %d kept_out", y+1), get(analysis.KeptOut).Years[y], kept)
		checkEstimate(t, fmt.Sprintf("year %d returns_avoided", y+1), get(analysis.ReturnsAvoided).Years[y], avoided)
		checkEstimate(t, fmt.Sprintf("year %d extra_cost", y+1), get(analysis.ExtraCost).Years[y], append([]float64(nil), cum...))
		if y == 1 {
			extra, _ := meanSD(cum)
			av, _ := meanSD(avoided)
			if d.CostPerAvoided == nil || !closeTo(*d.CostPerAvoided, extra/av) {
				t.Errorf("cost per return avoided %v, want %g", d.CostPerAvoided, extra/av)
			}
		}
	}
	if k := get(analysis.KeptOut).Years[0].Mean; !(k > 0) {
		t.Errorf("kept out %g in year 1: the alternative has fewer returned households, want > 0", k)
	}
}

// The unpaired half-width is Welch's: t(0.975, ν)·√(va + vb) with va =
// sa²/na and ν = (va + vb)² / (va²/(na − 1) + vb²/(nb − 1)) (Welch–
// Satterthwaite), here with na = 3 ≠ nb = 4 in the second year.
func TestWelchHalfWidth(t *testing.T) {
	c := newPairedCase()
	cmp := analysis.Compare([]string{"base", "alt"}, [][]sim.Result{c.base, c.alt}, false)
	for y := range 2 {
		var a, b []float64
		for r := range 4 {
			if !(r == 3 && y == 1) {
				a = append(a, c.altRet[y][r]/100)
			}
			b = append(b, c.baseRet[y][r]/100)
		}
		_, sa := meanSD(a)
		_, sb := meanSD(b)
		va, vb := sa*sa/float64(len(a)), sb*sb/float64(len(b))
		nu := (va + vb) * (va + vb) / (va*va/float64(len(a)-1) + vb*vb/float64(len(b)-1))
		want := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: nu}.Quantile(0.975) * math.Sqrt(va+vb)
		if got := cmp.Diffs[0].UnpairedHalfWidth[y]; !closeTo(got, want) {
			t.Errorf("year %d: unpaired half-width %.12g, want %.12g (ν = %.4f)", y+1, got, want, nu)
		}
	}
}

// horizonDiff is the paired return-rate difference at the horizon.
func horizonDiff(t *testing.T, res [][]sim.Result) analysis.Estimate {
	t.Helper()
	se := analysis.PairedSeries(analysis.ReturnRate, res[0], res[1])
	return se.Years[len(se.Years)-1]
}

// A precision target h on income poverty: CompareModels stops as soon as the horizon
// half-width is at most h, and not before. With h = 3/4 of the half-width of
// the first 3 replications it must add replications; its first addition
// goes to n = ⌈1.1·(1.96·sd/h)²⌉ (sd of the first 3), at least 3 + 2.
func TestPrecisionTarget(t *testing.T) {
	ms := libraryModels(t, 300, "baseline", "cut-subsidy")
	opt := analysis.Options{Reps: 3, Seed: 8, Workers: 2}
	first := horizonDiff(t, ensemble(t, ms, opt))
	for _, c := range []struct {
		name    string
		h       float64
		maxReps int
	}{
		{"three quarters", 0.75 * first.HalfWidth(), 500},
		// Capped at the first estimate, the run stops there.
		{"an eighth, capped", first.HalfWidth() / 8, int(math.Ceil(1.1 * math.Pow(1.96*first.SD/(first.HalfWidth()/8), 2)))},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, met, err := analysis.CompareModels(context.Background(), ms,
				analysis.CompareOptions{Options: opt, Precision: c.h, Measure: analysis.MeasurePoverty, MaxReps: c.maxReps})
			if err != nil {
				t.Fatal(err)
			}
			n, e := len(res[0]), horizonDiff(t, res)
			t.Logf("target ±%.4f (3 replications: ±%.4f): %d replications, ±%.4f, met %v", c.h, first.HalfWidth(), n, e.HalfWidth(), met)
			if n <= 3 {
				t.Fatalf("%d replications: the first 3 (±%.4f) do not meet ±%.4f", n, first.HalfWidth(), c.h)
			}
			if met != (e.HalfWidth() <= c.h) {
				t.Errorf("met %v with half-width %.5f for a target of %.5f", met, e.HalfWidth(), c.h)
			}
			if c.maxReps < 500 && n != c.maxReps {
				t.Errorf("%d replications, want the first estimate %d", n, c.maxReps)
			}
		})
	}
}

// The precision target is held to the measure asked for. At 10,000
// households and 10 replications (MinPrecisionReps) the horizon's paired
// difference of registered returns is narrower than income poverty's, but
// not zero (registered returns are rare: at 1,000 households every
// replication's difference is 0); a target between the two half-widths is
// met at once on registered returns (also the zero value, the headline)
// and needs more replications on income poverty.
func TestPrecisionMeasure(t *testing.T) {
	ms := libraryModels(t, 10000, "baseline", "cut-subsidy")
	opt := analysis.Options{Reps: analysis.MinPrecisionReps, Seed: 8, Workers: 2}
	first := ensemble(t, ms, opt)
	reg := analysis.HorizonDiffs(first, analysis.MeasureRegistered)[0].HalfWidth()
	pov := analysis.HorizonDiffs(first, analysis.MeasurePoverty)[0].HalfWidth()
	if pov != horizonDiff(t, first).HalfWidth() {
		t.Fatalf("HorizonDiffs(poverty) ±%g, the return rate's paired difference ±%g", pov, horizonDiff(t, first).HalfWidth())
	}
	h := (reg + pov) / 2
	t.Logf("%d replications: registered ±%.5f, income poverty ±%.5f; target ±%.5f", opt.Reps, reg, pov, h)
	if !(0 < reg && reg < h && h < pov) {
		t.Fatalf("no target between registered ±%g and income poverty ±%g (want 0 < registered < income poverty)", reg, pov)
	}
	for _, c := range []struct {
		name string
		m    analysis.Measure
	}{{"zero value", 0}, {"registered", analysis.MeasureRegistered}, {"poverty", analysis.MeasurePoverty}} {
		res, met, err := analysis.CompareModels(context.Background(), ms,
			analysis.CompareOptions{Options: opt, Precision: h, Measure: c.m, MaxReps: 100})
		if err != nil {
			t.Fatal(err)
		}
		n, got := len(res[0]), analysis.HorizonDiffs(res, c.m)[0].HalfWidth()
		t.Logf("%s: %d replications, ±%.5f, met %v", c.name, n, got, met)
		switch {
		case !met || got > h:
			t.Errorf("%s: met %v with ±%g, want met within ±%g", c.name, met, got, h)
		case c.m == analysis.MeasurePoverty && n <= opt.Reps:
			t.Errorf("%s: %d replications, but the first %d give ±%g > %g", c.name, n, opt.Reps, pov, h)
		case c.m != analysis.MeasurePoverty && n != opt.Reps:
			t.Errorf("%s: %d replications, want the first %d (±%g ≤ %g)", c.name, n, opt.Reps, reg, h)
		}
	}
}

// A precision target is not judged on fewer than MinPrecisionReps
// replications. At 10,000 households registered returns are rare enough
// that some seeds' first 3 replications give cut-subsidy the same
// registered difference three times over, an interval of width ≈ 0 that
// would meet any target (seed 8 did at the eleventh session's defaults);
// the test takes the first such seed, and the rule must run on to 10,
// whose interval is not degenerate, before it says the target is met.
func TestPrecisionMinReps(t *testing.T) {
	ms := libraryModels(t, 10000, "baseline", "cut-subsidy")
	const target = 0.001 // ±0.1 points: met by any 10 replications of 10,000 households
	opt, first := analysis.Options{Reps: 3, Workers: 2}, math.Inf(1)
	for opt.Seed = 1; opt.Seed <= 60 && first > target/100; opt.Seed++ {
		first = analysis.HorizonDiffs(ensemble(t, ms, opt), analysis.MeasureRegistered)[0].HalfWidth()
	}
	if first > target/100 {
		t.Fatalf("no seed in 1–60 whose first 3 replications give a degenerate interval (the last: ±%g)", first)
	}
	opt.Seed-- // the loop stepped past the seed it found
	res, met, err := analysis.CompareModels(context.Background(), ms, analysis.CompareOptions{Options: opt, Precision: target, MaxReps: 100})
	if err != nil {
		t.Fatal(err)
	}
	got := analysis.HorizonDiffs(res, analysis.MeasureRegistered)[0].HalfWidth()
	if n := len(res[0]); !met || n != analysis.MinPrecisionReps || !(got > first) || got > target {
		t.Errorf("seed %d: %d replications, met %v, ±%g (the first 3: ±%g); want %d, met, wider than the first 3's and within ±%g", opt.Seed, n, met, got, first, analysis.MinPrecisionReps, target)
	}
}

// Measures are read by name; an unknown name is quoted with the known ones.
func TestParseMeasure(t *testing.T) {
	for _, m := range []analysis.Measure{analysis.MeasureRegistered, analysis.MeasurePoverty} {
		got, err := analysis.ParseMeasure(m.String())
		if err != nil || got != m {
			t.Errorf("ParseMeasure(%q) = %v, %v", m.String(), got, err)
		}
	}
	if analysis.MeasureRegistered.Outcome() != analysis.RegisteredReturn || analysis.MeasurePoverty.Outcome() != analysis.ReturnRate {
		t.Error("measures' outcomes: want registered_return and return_rate")
	}
	_, err := analysis.ParseMeasure("return_rate")
	if err == nil || !strings.Contains(err.Error(), `"return_rate"`) || !strings.Contains(err.Error(), "registered") || !strings.Contains(err.Error(), "poverty") {
		t.Errorf("ParseMeasure(return_rate): %v, want an error quoting it and naming registered and poverty", err)
	}
}

// FuzzParseMeasure: any text is a measure whose name it is, or refused
// with the text quoted, never a panic.
func FuzzParseMeasure(f *testing.F) {
	for _, s := range []string{"registered", "poverty", "", "Registered", "return_rate", "poverty "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := analysis.ParseMeasure(s)
		if err == nil && m.String() != s {
			t.Fatalf("ParseMeasure(%q) = %v", s, m)
		}
		if err != nil && !strings.Contains(err.Error(), fmt.Sprintf("%q", s)) {
			t.Fatalf("ParseMeasure(%q): %v does not quote it", s, err)
		}
	})
}

func ExampleParseMeasure() {
	m, _ := analysis.ParseMeasure("registered")
	fmt.Println(m, "|", m.Words(), "|", m.Outcome())
	_, err := analysis.ParseMeasure("income")
	fmt.Println(err)
	// Output:
	// registered | registered returns | registered_return
	// got "income", want registered (registered returns, the headline) or poverty (income poverty)
}

func ExampleBound_Clamp() {
	// Registered returns in five replications: 0, 0, 0, 0 and 0.5 %.
	e := analysis.EstimateOf([]float64{0, 0, 0, 0, 0.005})
	fmt.Printf("t-interval [%.5f, %.5f]\n", e.Lo, e.Hi)
	c := analysis.RegisteredReturn.Bound().Clamp(e)
	fmt.Printf("%v: [%.5f, %.5f], mean %.3f\n", analysis.RegisteredReturn.Bound(), c.Lo, c.Hi, c.Mean)
	// Output:
	// t-interval [-0.00178, 0.00378]
	// 0 to 1: [0.00000, 0.00378], mean 0.001
}

// With one replication there is no unpaired interval: the half-width is
// NaN, null in JSON and empty in CSV (it was 0, a zero-width interval).
func TestWelchHalfWidthOneReplication(t *testing.T) {
	c := newPairedCase()
	cmp := analysis.Compare([]string{"base", "alt"}, [][]sim.Result{c.base[:1], c.alt[:1]}, false)
	for y, hw := range cmp.Diffs[0].UnpairedHalfWidth {
		if !math.IsNaN(hw) {
			t.Errorf("year %d: unpaired half-width %g of one replication, want NaN (none)", y+1, hw)
		}
	}
	js, err := json.Marshal(cmp)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(js), `"unpaired_half_width":[null,null]`) {
		t.Errorf("JSON lacks null half-widths: %s", js)
	}
	var back analysis.Comparison
	if err := json.Unmarshal(js, &back); err != nil || len(back.Diffs) != 1 || len(back.Diffs[0].UnpairedHalfWidth) != 2 || !math.IsNaN(back.Diffs[0].UnpairedHalfWidth[1]) {
		t.Errorf("read back: %v, %+v", err, back.Diffs)
	}
	var b strings.Builder
	if err := analysis.WriteComparisonCSV(&b, cmp); err != nil {
		t.Fatal(err)
	}
	rows := 0
	for _, line := range strings.Split(b.String(), "\n") {
		if strings.Contains(line, "unpaired_half_width") {
			rows++
			if !strings.Contains(line, "unpaired_half_width,,,,,1,") {
				t.Errorf("CSV row %q: want the half-width empty", line)
			}
		}
	}
	if rows != 2 {
		t.Errorf("%d unpaired_half_width rows, want 2:\n%s", rows, b.String())
	}
}
