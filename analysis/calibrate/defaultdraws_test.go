package calibrate

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
)

// TestDefaultDraws: the embedded draws are the published targets file's
// parameters, in its order, every value inside its range, with positive
// weights; their base is the targets' base with its values.
func TestDefaultDraws(t *testing.T) {
	d, err := OpenDraws(DefaultDraws)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := OpenTargets("published")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Paths) != len(ts.Params) {
		t.Fatalf("draws' paths %v, published.yaml's parameters %d: run scripts/calibrate-default.sh", d.Paths, len(ts.Params))
	}
	for j, q := range ts.Params {
		if d.Paths[j] != q.Path {
			t.Errorf("column %d: %s, want published.yaml's parameter %s: run scripts/calibrate-default.sh", j, d.Paths[j], q.Path)
		}
	}
	if len(d.Values) < 2 {
		t.Fatalf("%d draws: want several (parameter uncertainty needs distinct draws)", len(d.Values))
	}
	for k, vals := range d.Values {
		if !(d.Weights[k] > 0) {
			t.Errorf("draw %d: weight %g", k, d.Weights[k])
		}
		for j, q := range ts.Params {
			if vals[j] < q.Lo || vals[j] > q.Hi {
				t.Errorf("draw %d: %s = %g outside its range [%g, %g]", k, q.Path, vals[j], q.Lo, q.Hi)
			}
		}
	}
	if d.File != "default" || d.BaseName != ts.BaseRef {
		t.Errorf("file %q, base %q; want default and the targets' base %q", d.File, d.BaseName, ts.BaseRef)
	}
	for j, p := range d.Paths {
		if want, _ := realAt(&ts.Base.Config.Params, p); d.Base[j] != want {
			t.Errorf("base value of %s: %g, want the base scenario's %g", p, d.Base[j], want)
		}
	}
}

// TestOpenDrawsKeywords: "" and "none" are no draws; a file called default
// is read as ./default; a missing file is named in the error.
func TestOpenDrawsKeywords(t *testing.T) {
	for _, ref := range []string{"", NoDraws} {
		if d, err := OpenDraws(ref); d != nil || err != nil {
			t.Errorf("OpenDraws(%q) = %v, %v; want no draws", ref, d, err)
		}
	}
	dir := t.TempDir()
	t.Chdir(dir)
	os.WriteFile(filepath.Join(dir, "default"), []byte("weight,labor.local_wage_mu\n1,9.1\n"), 0o644)
	d, err := OpenDraws("./default")
	if err != nil || len(d.Values) != 1 || d.Values[0][0] != 9.1 || d.Base != nil {
		t.Errorf("./default: %+v, %v; want the file's one draw, without a base", d, err)
	}
	if d, _ := OpenDraws("default"); d == nil || d.Base == nil {
		t.Errorf("default with a file called default here: %+v; want the embedded draws (the keyword wins)", d)
	}
	if _, err := OpenDraws("nodraws.csv"); err == nil || !strings.Contains(err.Error(), "nodraws.csv") {
		t.Errorf("a missing file: %v", err)
	}
}

// TestModelsHoldOwnSettings: with the embedded draws, a scenario that sets a
// drawn path to its own value (monitoring-tight's detection 0.9) keeps it
// in every draw and says so; the other paths take the draw's values; the
// baseline holds nothing. A file's draws replace every path.
func TestModelsHoldOwnSettings(t *testing.T) {
	d, err := OpenDraws(DefaultDraws)
	if err != nil {
		t.Fatal(err)
	}
	tight, err := scenarios.Load("monitoring-tight")
	if err != nil {
		t.Fatal(err)
	}
	models, held, err := d.Models("monitoring-tight", tight.Config)
	if err != nil {
		t.Fatal(err)
	}
	own := map[string]float64{}
	for _, h := range held {
		own[h.Path] = h.Value
		if !strings.Contains(h.String(), h.Path) {
			t.Errorf("note %q does not name %s", h, h.Path)
		}
	}
	if v, ok := own["monitoring.detection"]; !ok || v != 0.9 {
		t.Fatalf("held %v: want monitoring.detection = 0.9, monitoring-tight's own", held)
	}
	for k, m := range models {
		p := m.Params(0)
		for j, path := range d.Paths {
			got, _ := realAt(&p, path)
			want, isOwn := own[path]
			if !isOwn {
				want = d.Values[k][j]
			}
			if got != want {
				t.Fatalf("draw %d: %s = %g, want %g", k, path, got, want)
			}
		}
	}
	base, _ := scenarios.Load("baseline")
	if _, held, err := d.Models("baseline", base.Config); err != nil || len(held) != 0 {
		t.Errorf("baseline: held %v, %v; want nothing held", held, err)
	}
	file := &Draws{File: "f.csv", Paths: []string{"monitoring.detection"}, Values: [][]float64{{0.5}}, Weights: []float64{1}}
	models, held, err = file.Models("monitoring-tight", tight.Config)
	if p := models[0].Params(0); err != nil || len(held) != 0 || p.Monitoring.Detection != 0.5 {
		t.Errorf("a file's draws: detection %g, held %v, %v; want 0.5, nothing held", p.Monitoring.Detection, held, err)
	}
}

// provenance is the embedded calibration's provenance.json.
func provenance(t *testing.T) (fingerprint string, est []Estimate) {
	t.Helper()
	b, err := scenarios.Calibration("provenance.json")
	if err != nil {
		t.Fatal(err)
	}
	var p struct {
		ModelFingerprint string     `json:"model_fingerprint"`
		Estimates        []Estimate `json:"estimates"`
	}
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	return p.ModelFingerprint, p.Estimates
}

// TestCalibratedScenario: calibrated.yaml loads, extends the base and sets
// the estimates of provenance.json.
func TestCalibratedScenario(t *testing.T) {
	b, err := scenarios.Calibration("calibrated.yaml")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Parse("calibrated.yaml", b)
	if err != nil {
		t.Fatal(err)
	}
	_, est := provenance(t)
	if len(est) == 0 {
		t.Fatal("provenance.json has no estimates")
	}
	for _, e := range est {
		if got, _ := realAt(&sc.Config.Params, e.Path); got != e.Value {
			t.Errorf("calibrated.yaml's %s = %g, provenance's estimate %g", e.Path, got, e.Value)
		}
	}
}

// TestDefaultsAreCalibrated: sim's default at every calibrated path is the
// fitted value at 4 significant digits, as scripts/calibrate-default.sh
// prints it.
func TestDefaultsAreCalibrated(t *testing.T) {
	_, est := provenance(t)
	def := sim.Default()
	var off []string
	for _, e := range est {
		want, _ := strconv.ParseFloat(strconv.FormatFloat(e.Value, 'g', 4, 64), 64)
		if got, err := realAt(&def, e.Path); err != nil || got != want {
			off = append(off, e.Path+" = "+strconv.FormatFloat(got, 'g', -1, 64)+", calibrated "+strconv.FormatFloat(want, 'g', -1, 64))
		}
	}
	if len(off) == 0 {
		return
	}
	msg := "sim's defaults are not the calibrated values (copy what scripts/calibrate-default.sh prints into package sim): " + strings.Join(off, "; ")
	t.Error(msg)
}

// TestCalibrationIsCurrent: the embedded calibration was made with the
// current model.
func TestCalibrationIsCurrent(t *testing.T) {
	fp, _ := provenance(t)
	if fp == sim.Fingerprint() {
		return
	}
	msg := "the embedded calibration was made with model " + fp + ", the model is now " + sim.Fingerprint() + ": run scripts/calibrate-default.sh"
	t.Error(msg)
}

// TestFitIgnoresDefaultsAtFittedPaths: an evaluation of the published
// problem is the same whatever the base's values at the fitted paths
// (every evaluation sets them), so copying the fitted values into sim's
// defaults and calibrating again fits the same values
// (scripts/calibrate-default.sh). The evaluation does move with θ.
func TestFitIgnoresDefaultsAtFittedPaths(t *testing.T) {
	ts, err := OpenTargets("published")
	if err != nil {
		t.Fatal(err)
	}
	ts.Base.Config.Params.Years = 5
	other := *ts
	sc := *ts.Base
	sc.Config.Params = sc.Config.Params.Clone()
	theta, moved := make([]float64, len(ts.Params)), make([]float64, len(ts.Params))
	for i, q := range ts.Params {
		theta[i], moved[i] = q.Lo+0.4*(q.Hi-q.Lo), q.Lo+0.4*(q.Hi-q.Lo)
		if err := sc.Config.Params.Set(q.Path, q.Lo+0.9*(q.Hi-q.Lo)); err != nil {
			t.Fatal(err)
		}
	}
	moved[0] = ts.Params[0].Hi
	other.Base = &sc
	opt := Options{Households: 200, Reps: 2, Seed: 1, Workers: 2}
	eval := func(ts *Targets, theta []float64) [][]float64 {
		p, err := NewProblem(ts, opt)
		if err != nil {
			t.Fatal(err)
		}
		e, err := p.Evaluate(context.Background(), theta, opt.Seed)
		if err != nil {
			t.Fatal(err)
		}
		return e.Values
	}
	a, b := eval(ts, theta), eval(&other, theta)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Errorf("the same θ on bases that differ at the fitted paths: %v and %v", a, b)
	}
	if c := eval(ts, moved); fmt.Sprint(c) == fmt.Sprint(a) {
		t.Errorf("moving %s to its upper end changed no moment", ts.Params[0].Path)
	}
}

// TestValidateOn: on one draw the wall is Validate's with that value set
// (all Monte Carlo). On two draws of the farm yield far apart it is
// WallOfDraws of the replications run on them, whose income intervals are
// wider than the Monte Carlo intervals of the same replications (the
// variance between draws counts in full, not divided by the replications)
// and hold the means.
func TestValidateOn(t *testing.T) {
	ts, err := OpenTargets("published")
	if err != nil {
		t.Fatal(err)
	}
	load := func(yield float64) *scenarios.Scenario {
		sc, err := scenarios.Load("baseline")
		if err != nil {
			t.Fatal(err)
		}
		sc.Config.Params.Years, sc.Config.Params.Population.Households = 5, 300
		if yield > 0 {
			sc.Config.Params.Farming.YieldValue = yield
		}
		return sc
	}
	ctx, opt := context.Background(), Options{Reps: 8, Seed: 2, Workers: 2}
	one := &Draws{File: "one.csv", Paths: []string{"farming.yield_value"}, Values: [][]float64{{3000}}, Weights: []float64{1}}
	a, _, err := ValidateOn(ctx, ts, load(0), opt, one, 2)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Validate(ctx, ts, load(3000), opt)
	if err != nil {
		t.Fatal(err)
	}
	if a.Uncertainty != "" || fmt.Sprint(a.Checks) != fmt.Sprint(b.Checks) {
		t.Errorf("one draw: %q\n%v\nwith the value set:\n%v", a.Uncertainty, a.Checks, b.Checks)
	}

	apart := &Draws{File: "apart.csv", Paths: []string{"farming.yield_value"}, Values: [][]float64{{2500}, {4500}}, Weights: []float64{0.5, 0.5}}
	w, _, err := ValidateOn(ctx, ts, load(0), opt, apart, 2)
	if err != nil {
		t.Fatal(err)
	}
	sc := load(0)
	models, _, err := apart.Models(sc.Name, sc.Config)
	if err != nil {
		t.Fatal(err)
	}
	m, _ := sim.New(sc.Config)
	res, err := analysis.Ensemble(ctx, []*sim.Model{m}, analysis.Options{Reps: opt.Reps, Seed: opt.Seed, Workers: 2,
		Models: func(_, r int) *sim.Model { return models[apart.Pick(r/2, opt.Seed)] }})
	if err != nil {
		t.Fatal(err)
	}
	groups := apart.Groups(opt.Reps, 2, opt.Seed)
	drawn, err := WallOfDraws(ts, sc.Name, 300, opt.Seed, res[0], groups)
	if err != nil {
		t.Fatal(err)
	}
	naive, _ := WallOf(ts, sc.Name, 300, opt.Seed, res[0])
	if w.Uncertainty != analysis.IntervalParams || groups.Distinct != 2 || fmt.Sprint(w.Checks) != fmt.Sprint(drawn.Checks) {
		t.Fatalf("two draws (%d distinct): ValidateOn %q\n%v\nWallOfDraws of the same replications:\n%v", groups.Distinct, w.Uncertainty, w.Checks, drawn.Checks)
	}
	for j, c := range drawn.Checks {
		n := naive.Checks[j]
		if c.Target.Outcome == "income_formerly_poor" && !(c.Hi-c.Lo > n.Hi-n.Lo) {
			t.Errorf("%s: [%g, %g] on draws, [%g, %g] Monte Carlo: want wider", c.Target.Name, c.Lo, c.Hi, n.Lo, n.Hi)
		}
		if c.Mean != n.Mean || c.Defined && !(c.Lo <= c.Mean && c.Mean <= c.Hi) {
			t.Errorf("%s: mean %g in [%g, %g], Monte Carlo mean %g", c.Target.Name, c.Mean, c.Lo, c.Hi, n.Mean)
		}
	}
}
