package sweep

import (
	"bytes"
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"
)

// screen varies a strong parameter (the poverty line), a weaker one (the
// transition subsidy) and one the outcomes cannot see (the cost of promoting
// a specialty while no village adopts one).
const screen = `name: screen
base: baseline
set: {population.households: 150, population.village_size: 50, years: 3}
parameters:
  - {path: poverty.line, min: 3000, max: 5000}
  - {path: transfers.subsidy.level, min: 0, max: 1}
  - {path: specialty.cost_per_village, min: 0, max: 200000}
design: DESIGN
replications: 2
outcomes: [return_rate, headcount]
seed: 3
`

func TestMorrisRanksModelParameters(t *testing.T) {
	sw := parse(t, "morris.yaml", strings.Replace(screen, "DESIGN", "{kind: morris, n: 6, levels: 4}", 1))
	_, r := runAnalyze(t, sw)
	if len(r.Morris) != 2*3 {
		t.Fatalf("%d rows, want 2 outcomes × 3 parameters", len(r.Morris))
	}
	for _, m := range r.Morris {
		if m.Year != 2023 {
			t.Errorf("year %d, want the last recorded year", m.Year)
		}
		want := map[string]int{"poverty.line": 1, "transfers.subsidy.level": 2, "specialty.cost_per_village": 3}[m.Parameter]
		if m.Rank != want {
			t.Errorf("%s %s: rank %d (μ* %g), want %d", m.Outcome, m.Parameter, m.Rank, m.MuStar, want)
		}
		// Common random numbers: a parameter that changes nothing has no effect at all.
		if m.Parameter == "specialty.cost_per_village" && (m.MuStar != 0 || m.Sigma != 0) {
			t.Errorf("%s: inert parameter has μ* %g σ %g, want exactly 0", m.Outcome, m.MuStar, m.Sigma)
		}
	}
	var tb, cb, jb bytes.Buffer
	if err := r.WriteTable(&tb); err != nil {
		t.Fatal(err)
	}
	r.WriteCSV(&cb)
	r.WriteJSON(&jb)
	if !strings.Contains(tb.String(), "μ*") || !strings.HasPrefix(cb.String(), "outcome,year,parameter,mu,mu_star,sigma,rank\n") || !json.Valid(jb.Bytes()) {
		t.Errorf("outputs:\n%s\n%s\n%s", tb.String(), cb.String(), jb.String())
	}
	t.Log("\n" + tb.String())
}

func TestSobolOnModel(t *testing.T) {
	sw := parse(t, "sobol.yaml", strings.Replace(screen, "DESIGN", "{kind: saltelli, n: 192}", 1))
	tab := run(t, sw, Options{Workers: 2})
	r, err := Analyze(tab, AnalyzeOptions{Outcomes: []string{"return_rate"}, Bootstrap: 200, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Sobol) != 3 {
		t.Fatalf("%d rows", len(r.Sobol))
	}
	byName := map[string]SobolRow{}
	for _, s := range r.Sobol {
		byName[s.Parameter] = s
		if !(s.S1Lo <= s.S1Hi && s.STLo <= s.STHi) {
			t.Errorf("%s: intervals [%g, %g] [%g, %g]", s.Parameter, s.S1Lo, s.S1Hi, s.STLo, s.STHi)
		}
	}
	// The poverty line and the subsidy both move the return rate (Morris
	// ranks them 1 and 2, above); how the total splits between them on 150
	// households moves with the model (at the eleventh session's model, n
	// 192: 0.80 [0.63, 0.95] against 0.65 [0.41, 0.87]; at the sixteenth's
	// 0.83 [0.65, 0.99] against 0.34 [0.26, 0.41], just above the bound of
	// 0.3 this test then held; at the seventeenth's, whose identification
	// leaves the year's bills to the shock test, 0.88 [0.73, 1.04] against
	// 0.20 [0.15, 0.26]: the line's share grew as the subsidy's fell over
	// the sessions, on a sample this small), so the test asks that both
	// carry a total index whose interval is clear of zero, at least a
	// tenth, and none above 1 by more than the estimator's noise.
	line, subsidy, inert := byName["poverty.line"], byName["transfers.subsidy.level"], byName["specialty.cost_per_village"]
	for _, s := range []SobolRow{line, subsidy} {
		if !(s.ST > 0.1 && s.STLo > 0 && s.ST <= 1.1) || s.S1 > s.ST+0.1 {
			t.Errorf("%s: S1 %g ST %g [%g, %g], want 0.1 < ST ≤ 1.1 with its interval above 0, and S1 not above it", s.Parameter, s.S1, s.ST, s.STLo, s.STHi)
		}
	}
	if inert.Rank != 3 {
		t.Errorf("inert parameter: rank %d, want 3", inert.Rank)
	}
	if inert.ST != 0 || inert.S1 != 0 || inert.STHi != 0 {
		t.Errorf("inert parameter: S1 %g ST %g [%g, %g], want exactly 0", inert.S1, inert.ST, inert.STLo, inert.STHi)
	}
	var tb, cb bytes.Buffer
	r.WriteTable(&tb)
	r.WriteCSV(&cb)
	if !strings.Contains(tb.String(), "ST total [95% CI]") || !strings.HasPrefix(cb.String(), "outcome,year,parameter,S1,S1_lo,S1_hi,ST,ST_lo,ST_hi,rank\n") {
		t.Errorf("outputs:\n%s\n%s", tb.String(), cb.String())
	}
	t.Log("\n" + tb.String())
}

func TestAnalyzeErrors(t *testing.T) {
	sw := smallSweep(t)
	if _, err := Analyze(run(t, sw, Options{}), AnalyzeOptions{}); err == nil || !strings.Contains(err.Error(), "latin-hypercube design") {
		t.Errorf("LHS: %v", err)
	}
	sal := parse(t, "s.yaml", strings.Replace(screen, "DESIGN", "{kind: saltelli, n: 2}", 1))
	if _, err := Analyze(run(t, sal, Options{Shard: Shard{K: 1, N: 2}}), AnalyzeOptions{}); err == nil || !strings.Contains(err.Error(), "merge the shards first") {
		t.Errorf("shard: %v", err)
	}
	if _, err := Analyze(run(t, sal, Options{}), AnalyzeOptions{Outcomes: []string{"cost"}}); err == nil || !strings.Contains(err.Error(), `"cost": not recorded`) {
		t.Errorf("outcome: %v", err)
	}
}

// roughSobol names the indices outside [0, 1] and the base rows, and says
// nothing when every index is within rounding of them.
func TestRoughSobol(t *testing.T) {
	ok := []SobolRow{{Parameter: "a", Outcome: "return_rate", Year: 2023, S1: 0.4, ST: 1.04}, {Parameter: "b", Outcome: "return_rate", Year: 2023, S1: -0.03, ST: 0.1}}
	if n := roughSobol(ok, 32); n != "" {
		t.Errorf("indices within rounding of [0, 1]: %q", n)
	}
	bad := append(ok, SobolRow{Parameter: "c", Outcome: "headcount", Year: 2025, S1: 1.112, ST: 1.3})
	n := roughSobol(bad, 32)
	for _, want := range []string{"c headcount in 2025 1.112", "N = 32 base rows"} {
		if !strings.Contains(n, want) {
			t.Errorf("note %q lacks %q", n, want)
		}
	}
}

// A whole-number parameter's Morris effects divide by the step the model
// ran, the rounded values the file holds, not the design's step:
// population.laborers_max on [1, 3] with 6 levels steps 1.2 in the design
// and 1 or 2 as run. μ is recomputed here from the file's applied values
// and mean outcomes (dividing by the design step gave 1.2 times the
// effect of a step of 1, 0.6 times that of a step of 2).
func TestMorrisWholeNumberStep(t *testing.T) {
	sw := parse(t, "int.yaml", `name: int
base: baseline
set: {population.households: 150, population.village_size: 50, years: 2}
parameters:
  - {path: poverty.line, min: 3000, max: 5000}
  - {path: population.laborers_max, min: 1, max: 3}
design: {kind: morris, n: 4, levels: 6}
replications: 1
outcomes: [return_rate]
seed: 5
`)
	tab, r := runAnalyze(t, sw)
	y := func(i int) float64 { return tab.Value(&tab.Points[i], 0, len(tab.Meta.Years)-1, 0) }
	var sum float64
	var steps []float64
	for traj := range 4 {
		for m := range 2 {
			p0, p1 := traj*3+m, traj*3+m+1
			a, b := tab.Points[p0].Params[1], tab.Points[p1].Params[1]
			if a == b {
				continue
			}
			if a != math.Round(a) || b != math.Round(b) {
				t.Fatalf("point %d or %d holds laborers_max %g, %g: not the applied whole number", p0, p1, a, b)
			}
			steps = append(steps, math.Abs(b-a))
			sum += (y(p1) - y(p0)) / ((b - a) / 2)
		}
	}
	if len(steps) != 4 {
		t.Fatalf("%d steps in laborers_max, want one a trajectory", len(steps))
	}
	for _, m := range r.Morris {
		if m.Parameter == "population.laborers_max" {
			if want := sum / 4; math.Abs(float64(m.Mu)-want) > 1e-12*math.Max(1, math.Abs(want)) {
				t.Errorf("μ %g, want %g from the applied steps %v", float64(m.Mu), want, steps)
			}
		}
	}
	for _, n := range r.Notes {
		if strings.Contains(n, "round to no change") || strings.Contains(n, "rounds to no change") {
			t.Errorf("note %q: no step of 1.2 rounds to nothing", n)
		}
	}
}

// runAnalyze runs sw, writes and reads back its results, and analyzes them.
func runAnalyze(t *testing.T, sw *Sweep) (*Table, *Report) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "m.parquet")
	write(t, out, run(t, sw, Options{Workers: 2}))
	tab, err := Read(out)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Analyze(tab, AnalyzeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return tab, r
}
