package calibrate

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/povsim/povsim/scenarios"
	"github.com/povsim/povsim/sim"
)

func libraryBase(ref string) (*scenarios.Scenario, error) { return scenarios.Load(ref) }

func TestExampleTargetsLoad(t *testing.T) {
	ts, err := LoadTargets("../../scenarios/examples/targets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(ts.Params) != 4 || len(ts.Targets) != 4 || ts.Base.Name != "baseline" {
		t.Fatalf("got %d parameters, %d targets, base %q", len(ts.Params), len(ts.Targets), ts.Base.Name)
	}
	// interval [13000, 16000] is a standard error of 3000/(2·1.96).
	if se := ts.Targets[1].SE; se < 765.31 || se > 765.33 {
		t.Errorf("se from the interval: %g, want 765.32", se)
	}
	if ts.Fitted() != 4 || ts.Targets[0].Use != Fit {
		t.Errorf("a file without use: %d of 4 targets fitted", ts.Fitted())
	}
	if p := ts.Params[2]; p.Prior != Normal || p.Mean != 0.7 || p.SD != 0.05 {
		t.Errorf("normal prior read as %+v", p)
	}
}

const goodParam = "parameters:\n  - path: labor.local_job_find\n    range: [0.1, 0.6]\n"

func target(lines ...string) string {
	base := map[string]string{"outcome": "return_rate", "year": "2022", "value": "0.05", "se": "0.01",
		"tolerance": "0.02", "source": "test", "reliability": "A"}
	order := []string{"outcome", "year", "value", "se", "tolerance", "source", "reliability"}
	for _, l := range lines {
		k, v, _ := strings.Cut(l, ": ")
		if _, ok := base[k]; !ok {
			order = append(order, k)
		}
		base[k] = v
	}
	var b strings.Builder
	b.WriteString("targets:\n")
	first := true
	for _, k := range order {
		v := base[k]
		if v == "DELETE" {
			continue
		}
		if first {
			fmt.Fprintf(&b, "  - %s: %s\n", k, v)
			first = false
		} else {
			fmt.Fprintf(&b, "    %s: %s\n", k, v)
		}
	}
	return b.String()
}

// TestValidationOnlyTargets: a file without parameters, or whose targets
// are all held out, reads (povsim validate can hold a scenario against
// it) but cannot be calibrated on: Fittable and NewProblem say why, with
// the file, line and key; a file with both is fittable.
func TestValidationOnlyTargets(t *testing.T) {
	for _, c := range []struct {
		name, file string
		wants      []string
	}{
		{"no parameters", target(), []string{"t.yaml:1: parameters", "a list of parameters to fit"}},
		{"nothing to fit", goodParam + target("use: held-out"), []string{"t.yaml:4: targets", "at least one target with use: fit"}},
		{"neither", target("use: held-out"), []string{"t.yaml:1: parameters", "t.yaml:1: targets"}},
		{"an empty list of parameters", "parameters: []\n" + target(), []string{"t.yaml:1: parameters", "a list of parameters to fit"}},
		{"parameters with nothing", "parameters:\n" + target(), []string{"t.yaml:1: parameters", "a list of parameters to fit"}},
		{"both", goodParam + target(), nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			ts, err := ParseTargets("t.yaml", []byte(c.file), libraryBase)
			if err != nil {
				t.Fatalf("a file to validate against is refused: %v", err)
			}
			err = ts.Fittable()
			if (err == nil) != (c.wants == nil) {
				t.Fatalf("Fittable: %v, want an error %v", err, c.wants != nil)
			}
			if _, perr := NewProblem(ts, Options{Households: 100, Reps: 1}); (perr == nil) != (c.wants == nil) {
				t.Errorf("NewProblem: %v, want an error %v", perr, c.wants != nil)
			}
			for _, w := range c.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("Fittable: %v\nwant it to say %q", err, w)
				}
			}
		})
	}
}

// TestBadTargets: every problem names the file, the line, the key, the
// value found (where there is one) and what was expected.
func TestBadTargets(t *testing.T) {
	cases := []struct {
		name, file string
		line       int
		key, want  string
	}{
		{"unknown top key", "bse: baseline\n" + goodParam + target(), 1, "bse", "one of the keys name, base"},
		{"unknown path", "parameters:\n  - path: labor.local_job_fnd\n    range: [0.1, 0.6]\n" + target(), 2, "parameters[0].path", `did you mean "labor.local_job_find"?`},
		{"whole-number path", "parameters:\n  - path: monitoring.lag\n    range: [0, 3]\n" + target(), 2, "parameters[0].path", "a parameter with a real value"},
		{"empty range", "parameters:\n  - path: labor.local_job_find\n    range: [0.5, 0.5]\n" + target(), 3, "parameters[0].range", "low < high (this one is empty)"},
		{"range beyond the valid", "parameters:\n  - path: labor.local_job_find\n    range: [0.5, 1.5]\n" + target(), 3, "parameters[0].range", "a range of valid values (at 1.5"},
		{"no range", "parameters:\n  - path: labor.local_job_find\n" + target(), 2, "parameters[0].range", "a range [low, high] to search"},
		{"log-uniform at 0", "parameters:\n  - path: labor.local_job_find\n    range: [0, 0.6]\n    prior: log-uniform\n" + target(), 3, "parameters[0].range", "a positive low end"},
		{"unknown prior", "parameters:\n  - path: labor.local_job_find\n    range: [0.1, 0.6]\n    prior: beta\n" + target(), 4, "parameters[0].prior", "uniform, log-uniform or normal"},
		{"normal without sd", "parameters:\n  - path: labor.local_job_find\n    range: [0.1, 0.6]\n    prior: normal\n    mean: 0.3\n" + target(), 4, "parameters[0].prior", "mean and sd"},
		{"duplicate path", goodParam + "  - path: labor.local_job_find\n    range: [0.2, 0.3]\n" + target(), 4, "parameters[1].path", "each parameter once (also at line 2)"},
		{"unknown outcome", goodParam + target("outcome: return_rat"), 5, "targets[0].outcome", `did you mean "return_rate"?`},
		{"no such type", goodParam + target("type: elderly"), 12, "targets[0].type", `return_rate has no type "elderly"`},
		{"type of an untyped outcome", goodParam + target("outcome: income", "type: elderly-only"), 12, "targets[0].type", "income has no type"},
		{"year outside the run", goodParam + target("year: 2040"), 6, "targets[0].year", "years within the simulated years 2021–2030"},
		{"years reversed", goodParam + target("year: DELETE", "years: [2025, 2022]"), 11, "targets[0].years", "first ≤ last"},
		{"year and years", goodParam + target("years: [2022, 2023]"), 12, "targets[0].years", "year or years, not both"},
		{"no year", goodParam + target("year: DELETE"), 5, "targets[0].year", "a year (or years"},
		{"negative se", goodParam + target("se: -0.01"), 8, "targets[0].se", "a positive standard error"},
		{"se and interval", goodParam + target("interval: [0.03, 0.07]"), 12, "targets[0].interval", "se or interval, not both"},
		{"interval without value", goodParam + target("se: DELETE", "interval: [0.06, 0.07]"), 11, "targets[0].interval", "an interval around the value 0.05"},
		{"zero tolerance", goodParam + target("tolerance: 0"), 9, "targets[0].tolerance", "a positive tolerance"},
		{"no source", goodParam + target("source: DELETE"), 5, "targets[0].source", "a source for every target"},
		{"bad reliability", goodParam + target("reliability: E"), 11, "targets[0].reliability", "a reliability mark A, B, C or D"},
		{"value as text", goodParam + target("value: five"), 7, "targets[0].value", "a finite number"},
		{"value NaN", goodParam + target("value: .nan"), 7, "targets[0].value", "a finite number"},
		{"unknown target key", goodParam + target("sorce: x"), 12, "targets[0].sorce", "one of the keys name, outcome"},
		{"unknown use", goodParam + target("use: validation"), 12, "targets[0].use", "fit (the figure is fitted) or held-out"},
		{"unknown base", "base: basline\n" + goodParam + target(), 1, "base", "no library scenario of that name"},
		{"null key in a parameter", "parameters:\n  - path: labor.local_job_find\n    range: [0.1, 0.6]\n    ~: 3\n" + target(), 4, "parameters[0]", "got the key ~, want a key that names something (a targets file's key such as base, parameters or targets, a parameter's such as path or range, or a target's such as outcome, year or se)"},
		{"bare ? key at the top", "? \n: baseline\n" + goodParam + target(), 1, "", "got an empty key (? with nothing after it), want a key that names something"},
		{"null key in a target", goodParam + target("NULL: x"), 12, "targets[0]", "got the key NULL, want a key that names something"},
		{"key twice", goodParam + "    range: [0.2, 0.3]\n" + target(), 4, "parameters[0].range", "want each key once (range is on line 3 too)"},
		{"target key twice", goodParam + target("value: 0.05", "source: a", "year: 2022") + "    source: b\n", 12, "targets[0].source", "want each key once (source is on line 10 too)"},
		{"not YAML", "parameters: [\n", 0, "", "valid YAML"},
		{"empty", "", 0, "", "a YAML mapping with base, parameters and targets"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseTargets("t.yaml", []byte(c.file), libraryBase)
			var se *scenarios.Error
			if !errors.As(err, &se) {
				t.Fatalf("got %v, want a *scenarios.Error\nfile:\n%s", err, c.file)
			}
			msg := err.Error()
			where := "t.yaml: "
			if c.line > 0 {
				where = fmt.Sprintf("t.yaml:%d: ", c.line)
			}
			if !strings.Contains(msg, where+c.key) || !strings.Contains(msg, c.want) {
				t.Errorf("got\n%s\nwant a problem at %q%s with %q\nfile:\n%s", msg, where, c.key, c.want, c.file)
			}
		})
	}
}

// FuzzParseTargets: the loader never panics, hangs or accepts a file with
// a non-finite number or an empty range; its errors name the file.
func FuzzParseTargets(f *testing.F) {
	f.Add(goodParam + target())
	f.Add(goodParam + target("years: [2022, 2024]", "year: DELETE", "type: elderly-only"))
	f.Add(goodParam + target() + "  - outcome: income\n    year: 2021\n    value: 1\n    se: 1\n    tolerance: 3\n    source: s\n    reliability: B\n    use: held-out\n")
	f.Add("parameters:\n  - path: health.reimbursement\n    range: [0.4, 0.9]\n    prior: normal\n    mean: 0.7\n    sd: 0.1\n" + target("interval: [0.03, 0.07]", "se: DELETE"))
	f.Add("parameters: [{path: x, range: [1, 0]}]\ntargets: [{outcome: income}]\n")
	f.Add("base: ../x.yaml\nparameters: 3\n")
	f.Add("~: baseline\n" + goodParam + "    null: 3\n    range: [0.2, 0.3]\n" + target("? : x"))
	f.Add(goodParam + target() + "    source: again\n    [a]: 1\n")
	f.Fuzz(func(t *testing.T, src string) {
		ts, err := ParseTargets("f.yaml", []byte(src), func(ref string) (*scenarios.Scenario, error) {
			if ref != "baseline" {
				return nil, fmt.Errorf("not here")
			}
			return libraryBase(ref)
		})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "f.yaml") {
				t.Fatalf("error without the file name: %v", err)
			}
			return
		}
		for _, p := range ts.Params {
			if !(p.Lo < p.Hi) {
				t.Fatalf("accepted an empty range %+v", p)
			}
		}
		for _, tg := range ts.Targets {
			if !(tg.SE > 0) || !(tg.Tolerance > 0) || tg.stat == nil || tg.From > tg.To {
				t.Fatalf("accepted target %+v", tg)
			}
		}
	})
}

// FuzzReadDraws: a draws table is read or refused with its file named,
// never with a panic, and what is read has finite values and weights that
// sum to 1.
func FuzzReadDraws(f *testing.F) {
	f.Add("draw,round,weight,distance,labor.local_job_find\n0,1,0.5,2.1,0.3\n1,1,0.5,1.7,0.35\n")
	f.Add("weight,labor.local_job_find,health.reimbursement\n1,0.3,0.7\n")
	f.Add("weight,years\n1,3\n")
	f.Add("weight,labor.local_job_find\n0,0.3\n")
	f.Add("weight,labor.local_job_find\n1\n")
	f.Fuzz(func(t *testing.T, src string) {
		d, err := ParseDraws("d.csv", strings.NewReader(src))
		if err != nil {
			if !strings.Contains(err.Error(), "d.csv") {
				t.Fatalf("error without the file: %v", err)
			}
			return
		}
		sum := 0.0
		for i, w := range d.Weights {
			if w < 0 || len(d.Values[i]) != len(d.Paths) {
				t.Fatalf("draw %d: weight %g, values %v", i, w, d.Values[i])
			}
			sum += w
		}
		if sum < 1-1e-9 || sum > 1+1e-9 {
			t.Fatalf("weights sum to %g", sum)
		}
		if k := d.Pick(3, 1); k < 0 || k >= len(d.Weights) {
			t.Fatalf("picked draw %d of %d", k, len(d.Weights))
		}
	})
}

// TestRegisterSpanStatistic: an outcome added by registration (here the
// share of formerly poor household-years in poverty over a span: a ratio
// of sums, not a mean of yearly rates) is named in a targets file like a
// built-in one, and read off a replication as registered.
func TestRegisterSpanStatistic(t *testing.T) {
	Register("returned_share_test", func(r *sim.Result, first, last int) (float64, bool) {
		num, den := 0, 0
		for _, y := range r.Years[first : last+1] {
			num, den = num+y.Returned, den+y.FormerlyPoor
		}
		return float64(num) / float64(den), den > 0
	})
	src := goodParam + target("outcome: returned_share_test", "year: DELETE", "years: [2021, 2023]")
	ts, err := ParseTargets("t.yaml", []byte(src), libraryBase)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewProblem(ts, Options{Households: 200, Reps: 2, Seed: 3, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	e, err := p.Evaluate(context.Background(), []float64{0.4}, 3)
	if err != nil {
		t.Fatal(err)
	}
	base := ts.Base.Config
	base.Params = base.Params.Clone()
	base.Params.Population.Households = 200
	base.Params.Labor.LocalJobFind = 0.4
	m, err := sim.New(base)
	if err != nil {
		t.Fatal(err)
	}
	want := 0.0
	for rep := 0; rep < 2; rep++ {
		r := m.Run(3, rep)
		num, den := 0, 0
		for _, y := range r.Years[:3] {
			num, den = num+y.Returned, den+y.FormerlyPoor
		}
		want += float64(num) / float64(den) / 2
	}
	if math.Abs(e.Mean[0]-want) > 1e-15 {
		t.Errorf("registered statistic: model mean %g, want %g from the replications", e.Mean[0], want)
	}
}

// A draws table with a column twice is refused, naming the file, the
// column and both positions (which one to read is not clear).
func TestDrawsRepeatedColumn(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"weight,labor.local_job_find,weight\n1,0.3,0\n", `--draws d.csv: column "weight" is both column 1 and column 3`},
		{"draw,labor.local_job_find,weight,labor.local_job_find\n0,0.3,1,0.4\n", `--draws d.csv: column "labor.local_job_find" is both column 2 and column 4`},
	} {
		_, err := ParseDraws("d.csv", strings.NewReader(c.src))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: err %v, want one containing %q", c.src, err, c.want)
		}
	}
}
