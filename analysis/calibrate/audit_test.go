package calibrate

// Tests of the wall that no test read before an audit asked "which test
// fails if I break this?" (scripts/mutate.sh names the mutations they
// catch).

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
)

// A miss exactly the tolerance is inside it: the model at 12 in every
// replication against 10 ± 2.
func TestInsideAtTheTolerance(t *testing.T) {
	p := &Problem{Targets: []Target{{Name: "a", Value: 10, SE: 1, Tolerance: 2}}, Sim: constSim([][]float64{{12}, {12}})}
	e, err := p.Evaluate(context.Background(), nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	if c := p.Checks(e)[0]; !c.Defined || c.Mean != 12 || !c.Inside || c.Z != 2 {
		t.Errorf("check %+v, want mean 12, z 2, inside", c)
	}
}

// Replications must cover every target's years, at either end; the span
// the targets read runs from the earliest year of any of them, whatever
// their order, to the latest.
func TestTargetYearsCovered(t *testing.T) {
	ts := &Targets{File: "own.yaml", Targets: []Target{
		{Name: "late", From: 2023, To: 2024, Line: 3},
		{Name: "early", From: 2021, To: 2021, Line: 9},
	}}
	if lo, hi := ts.span(); lo != 2021 || hi != 2024 {
		t.Errorf("span %d–%d, want 2021–2024", lo, hi)
	}
	for _, c := range []struct {
		first, last int
		want        string // "" for no error
	}{
		{2021, 2030, ""},
		{2022, 2030, "own.yaml:9: target early: years 2021 outside the simulated years 2022–2030"},
		{2021, 2023, "own.yaml:3: target late: years 2023-2024 outside the simulated years 2021–2023"},
	} {
		err := checkYears(ts, c.first, c.last)
		if c.want == "" && err != nil || c.want != "" && (err == nil || err.Error() != c.want) {
			t.Errorf("years %d–%d: %v, want %q", c.first, c.last, err, c.want)
		}
	}
}

// On parameter draws the wall's z divides the miss by √(se² + the
// parameters' variance + Monte Carlo variance): return rates 0.1, 0.1 on
// one draw and 0.3, 0.3 on another have mean 0.2, no variance within a
// draw and σ²_b = (MS_between − 0)/n₀ = 0.04/2 = 0.02 between them,
// whose part in the variance of the outcome on a new draw is (1 + 1/2)·0.02
// = 0.03; against 0.1 with se 0.05, z = 0.1/√(0.0025 + 0.03).
func TestWallOfDrawsZ(t *testing.T) {
	ts := rateTarget(t)
	var res []sim.Result
	for r, returned := range []int{10, 10, 30, 30} {
		res = append(res, sim.Result{Rep: r, Years: []sim.YearStats{{Year: 2021, Households: 100, FormerlyPoor: 100, Returned: returned}}})
	}
	w, err := WallOfDraws(ts, "hand", 100, 1, res, analysis.DrawGroups{Group: func(r int) int { return r / 2 }, Distinct: 2})
	if err != nil {
		t.Fatal(err)
	}
	c := w.Checks[0]
	if math.Abs(c.Mean-0.2) > 1e-12 || math.Abs(c.Z-0.1/math.Sqrt(0.0325)) > 1e-9 || !c.Inside || c.Lo != 0 {
		t.Errorf("check mean %g, z %g, inside %v, lo %g; want 0.2, 0.1/√0.0325, inside, 0 (cut)", c.Mean, c.Z, c.Inside, c.Lo)
	}
	if w.Uncertainty != analysis.IntervalParams {
		t.Errorf("uncertainty %q, want %q", w.Uncertainty, analysis.IntervalParams)
	}
}

// With one replication validate has no Monte Carlo variance to read: the
// model's mean is shown but no interval and no z (it printed the interval
// [20%, 20%] and z = 0.1/0.05 = +2.0, with no Monte Carlo noise), null in
// JSON and empty in CSV.
func TestWallOneReplication(t *testing.T) {
	ts := rateTarget(t)
	res := []sim.Result{{Years: []sim.YearStats{{Year: 2021, Households: 100, FormerlyPoor: 100, Returned: 20}}}}
	w, err := WallOf(ts, "hand", 100, 1, res)
	if err != nil {
		t.Fatal(err)
	}
	r := w.Rows()[0]
	if r.Model == nil || math.Abs(*r.Model-0.2) > 1e-12 || r.Lo != nil || r.Hi != nil || r.Z != nil {
		t.Errorf("row %+v: want the mean 0.2 and no interval or z", r)
	}
	var b strings.Builder
	if err := w.WriteTable(&b); err != nil {
		t.Fatal(err)
	}
	if out := b.String(); strings.Contains(out, "[20%, 20%]") || strings.Contains(out, "+2.0") || !strings.Contains(out, "20%") {
		t.Errorf("table shows a zero-width interval or a z, or no mean:\n%s", out)
	}
	js, err := json.Marshal(w.JSON())
	if err != nil {
		t.Fatal(err)
	}
	if s := string(js); !strings.Contains(s, `"model_mean":0.2,"model_lo":null,"model_hi":null,"standardized_distance":null`) {
		t.Errorf("JSON: %s", s)
	}
	b.Reset()
	if err := w.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), ",0.2,,,,") {
		t.Errorf("CSV: want the mean and empty interval and z:\n%s", b.String())
	}
}

// rateTarget is one fitted target: the return rate in 2021, 0.1 with se
// 0.05 and tolerance 0.2.
func rateTarget(t *testing.T) *Targets {
	t.Helper()
	ts, err := ParseTargets("own.yaml", []byte(`name: own
base: baseline
targets:
  - name: return rate 2021
    outcome: return_rate
    year: 2021
    value: 0.1
    se: 0.05
    tolerance: 0.2
    source: by hand
    reliability: A
`), scenarios.Load)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}
