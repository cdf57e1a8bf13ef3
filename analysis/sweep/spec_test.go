package sweep

import (
	"strings"
	"testing"
	"testing/fstest"
)

// Each malformed sweep file gives one clear error naming the file, the
// line and the key.
func TestParseErrors(t *testing.T) {
	const ok = `base: baseline
set: {population.households: 100, years: 2}
parameters:
  - path: transfers.subsidy.level
    min: 0
    max: 1
design:
  kind: latin-hypercube
  n: 4
replications: 2
`
	for _, tc := range []struct {
		name string
		src  string
		want []string // substrings of the message
	}{
		{"syntax", "base: baseline\nparameters: [\n", []string{"bad.yaml:", "valid YAML"}},
		{"tab indentation", "base: baseline\nparameters:\n\t- path: x\n", []string{"bad.yaml:3:", "valid YAML"}},
		{"not a mapping", "- a\n- b\n", []string{"bad.yaml:1:", "mapping"}},
		{"empty file", "", []string{"bad.yaml:", "empty"}},
		{"unknown top key", strings.Replace(ok, "replications: 2", "replicatons: 2", 1),
			[]string{"bad.yaml:10:", "replicatons", `did you mean "replications"`}},
		{"unknown param key", strings.Replace(ok, "    max: 1", "    maximum: 1", 1),
			[]string{"bad.yaml:6:", "parameters[0].maximum", `did you mean "max"`}},
		{"wrong type", strings.Replace(ok, "n: 4", "n: four", 1),
			[]string{"bad.yaml:9:", "design.n", `"four"`, "whole number"}},
		{"unknown path", strings.Replace(ok, "transfers.subsidy.level", "transfers.subsidy.levl", 1),
			[]string{"bad.yaml:4:", "parameters[0].path", `"transfers.subsidy.levl"`, `did you mean "transfers.subsidy.level"`}},
		{"path of a group", strings.Replace(ok, "transfers.subsidy.level", "transfers.subsidy", 1),
			[]string{"bad.yaml:4:", "parameters[0].path", "group of parameters"}},
		{"text parameter", strings.Replace(ok, "transfers.subsidy.level", "welfare_posts.targeting", 1),
			[]string{"bad.yaml:4:", "numeric or true/false parameter"}},
		{"empty range", strings.Replace(ok, "    max: 1", "    max: 0", 1),
			[]string{"bad.yaml:6:", "parameters[0].max", "range [0, 0] is empty"}},
		{"reversed range", strings.Replace(ok, "    min: 0\n    max: 1", "    min: 1\n    max: 0.5", 1),
			[]string{"bad.yaml:6:", "parameters[0].max", "is empty"}},
		{"empty levels", strings.Replace(ok, "    min: 0\n    max: 1", "    levels: []", 1),
			[]string{"bad.yaml:5:", "parameters[0].levels", "list is empty"}},
		{"missing max", strings.Replace(ok, "    max: 1\n", "", 1),
			[]string{"parameters[0].max", "a range, min and max"}},
		{"range and levels", strings.Replace(ok, "    max: 1", "    max: 1\n    levels: [0, 1]", 1),
			[]string{"bad.yaml:4:", "parameters[0]", "not both"}},
		{"out of the model's range", strings.Replace(ok, "transfers.subsidy.level\n    min: 0\n    max: 1", "monitoring.detection\n    min: 0.5\n    max: 1.5", 1),
			[]string{"bad.yaml:6:", "parameters[0].max", "1.5", "between 0 and 1"}},
		{"duplicate parameter", strings.Replace(ok, "design:", "  - {path: transfers.subsidy.level, min: 0, max: 1}\ndesign:", 1),
			[]string{"bad.yaml:7:", "parameters[1].path", "each parameter once"}},
		{"no parameters", strings.Replace(ok, "parameters:\n  - path: transfers.subsidy.level\n    min: 0\n    max: 1\n", "", 1),
			[]string{"bad.yaml:", "parameters", "at least one parameter"}},
		{"calendar", strings.Replace(ok, "path: transfers.subsidy.level", "path: years", 1),
			[]string{"bad.yaml:4:", "calendar"}},
		{"unknown base", strings.Replace(ok, "base: baseline", "base: baselin", 1),
			[]string{"bad.yaml:1:", "base", `"baselin"`, "no such file"}},
		{"no base", strings.Replace(ok, "base: baseline\n", "", 1), []string{"bad.yaml:", "base"}},
		{"bad set", strings.Replace(ok, "population.households: 100", "population.housholds: 100", 1),
			[]string{"bad.yaml:2:", "set.population.housholds", `did you mean "population.households"`}},
		{"null key in set", strings.Replace(ok, "set: {population.households: 100, years: 2}", "set: {population.households: 100, ~: 2}", 1),
			[]string{"bad.yaml:2: set: got the key ~, want a key that names something (a sweep's key such as design or replications", "under set a parameter path such as transfers.subsidy.level", "YAML reads ~ as null"}},
		{"bare ? key in set", strings.Replace(ok, "set: {population.households: 100, years: 2}", "set:\n  ? \n  : 2", 1),
			[]string{"bad.yaml:3: set: got an empty key (? with nothing after it), want a key that names something"}},
		{"null key at the top", ok + "null: 3\n", []string{"bad.yaml:11: got the key null, want a key that names something"}},
		{"set key twice", strings.Replace(ok, "years: 2}", "years: 2, years: 3}", 1),
			[]string{"bad.yaml: 1 problem:", "bad.yaml:2: set.years: want each key once (years is given earlier on this line)"}},
		{"parameter key twice", strings.Replace(ok, "    max: 1\n", "    max: 1\n    min: 0.5\n", 1),
			[]string{"bad.yaml: 1 problem:", "bad.yaml:7: parameters[0].min: want each key once (min is on line 5 too)"}},
		{"null key in an inline base", "base:\n  name: x\n  before: {~: 0.1}\n" + strings.TrimPrefix(ok, "base: baseline\n"),
			[]string{"bad.yaml: 1 problem:", "bad.yaml:3: base.before: got the key ~, want a key that names something"}},
		{"unknown design", strings.Replace(ok, "kind: latin-hypercube", "kind: sobol", 1),
			[]string{"bad.yaml:8:", "design.kind", `"sobol"`, "saltelli"}},
		{"odd morris levels", strings.Replace(ok, "kind: latin-hypercube\n  n: 4", "kind: morris\n  n: 4\n  levels: 3", 1),
			[]string{"bad.yaml:10:", "design.levels", "even"}},
		{"levels in a sampling design", strings.Replace(ok, "    min: 0\n    max: 1", "    levels: [0, 1]", 1),
			[]string{"bad.yaml:4:", "parameters[0]", "latin-hypercube design samples ranges"}},
		{"grid without levels", strings.Replace(ok, "kind: latin-hypercube\n  n: 4", "kind: grid", 1),
			[]string{"design.levels", "at least 2 values"}},
		{"too big", strings.Replace(ok, "n: 4", "n: 100000000", 1), []string{"bad.yaml:9:", "design.n"}},
		{"no replications", strings.Replace(ok, "replications: 2\n", "", 1), []string{"replications", "precision target"}},
		{"zero replications", strings.Replace(ok, "replications: 2", "replications: 0", 1), []string{"bad.yaml:10:", "replications", "between 1"}},
		{"both", strings.Replace(ok, "replications: 2", "replications: 2\nprecision: {half_width: 0.01}", 1), []string{"bad.yaml:10:", "not both"}},
		{"max below compare's floor", strings.Replace(ok, "replications: 2", "precision: {half_width: 0.01, min_replications: 2, max_replications: 8}", 1),
			[]string{"bad.yaml:10:", "precision.max_replications: got 8, want a whole number between 10 and", "met only on 10 replications or more, as compare's"}},
		{"bad outcome", ok + "outcomes: [return_rate, retrun_rate]\n", []string{"bad.yaml:11:", "outcomes[1]", `"retrun_rate"`}},
		{"year outside", ok + "years: [2021, 2030]\n", []string{"bad.yaml:11:", "years[1]", "2030", "2021–2022"}},
		{"negative seed", ok + "seed: -1\n", []string{"bad.yaml:11:", "seed", "whole number"}},
		{"invalid at a design point", strings.Replace(strings.Replace(ok, "transfers.subsidy.level\n    min: 0\n    max: 1",
			"population.laborers_min\n    min: 1\n    max: 3", 1), "design:", "  - {path: population.laborers_max, min: 1, max: 3}\ndesign:", 1),
			[]string{"bad.yaml:3:", "parameters", "at point", "laborers"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(tc.src))
			if err == nil {
				t.Fatalf("no error for\n%s", tc.src)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%s", w, err)
				}
			}
		})
	}
}

// A sweep file's problems are reported at once (docs/SWEEPS.md): the
// design's kind with the parameters' problems, both ends of a range, the
// precision block's problems with replications given beside it, and an
// explicit step: 0 (not the default).
func TestParseErrorsAtOnce(t *testing.T) {
	src := `base: baseline
parameters:
  - {path: disaster.probability, min: -0.5, max: 1.5}
design: {kind: sobol, n: 4}
replications: 2
precision: {half_width: 0.01, min_replications: 1, step: 0}
`
	_, err := Parse("bad.yaml", []byte(src))
	if err == nil {
		t.Fatal("no error")
	}
	for _, w := range []string{
		"bad.yaml: 6 problems:",
		"bad.yaml:3: parameters[0].min: got -0.5",
		"bad.yaml:3: parameters[0].max: got 1.5",
		`bad.yaml:4: design.kind: got "sobol"`,
		"bad.yaml:5: replications: got 2, want either replications or a precision target, not both",
		"bad.yaml:6: precision.min_replications: got 1",
		"bad.yaml:6: precision.step: got 0, want a whole number ≥ 1",
	} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q:\n%s", w, err)
		}
	}
}

// A base named by a relative path is read beside the sweep file.
func TestLoadRelativeBase(t *testing.T) {
	files := fstest.MapFS{
		"study/county.yaml": {Data: []byte("name: county\nextends: baseline\npopulation: {households: 90}\nyears: 2\n")},
		"study/sweep.yaml": {Data: []byte(`base: county.yaml
parameters: [{path: health.reimbursement, min: 0.4, max: 0.8}]
design: {kind: saltelli, n: 2}
replications: 1
`)},
		"study/bad.yaml": {Data: []byte("base: missing.yaml\nparameters: [{path: health.reimbursement, min: 0.4, max: 0.8}]\ndesign: {kind: saltelli, n: 2}\nreplications: 1\n")},
	}
	l := &Loader{Files: files}
	sw, err := l.Load("study/sweep.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if sw.Name != "sweep" || sw.Base.Name != "county" || sw.Base.Config.Params.Population.Households != 90 || sw.Points() != 2*3 {
		t.Errorf("name %q base %q households %d points %d", sw.Name, sw.Base.Name, sw.Base.Config.Params.Population.Households, sw.Points())
	}
	_, err = l.Load("study/bad.yaml")
	if err == nil || !strings.Contains(err.Error(), "study/bad.yaml:1: base") || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("missing base: %v", err)
	}
}

func TestInlineBase(t *testing.T) {
	src := `base:
  name: tiny
  population: {households: 60}
  years: 2
parameters: [{path: health.reimbursement, min: 0.4, max: 0.8}]
design: {kind: morris, n: 2}
replications: 1
`
	sw := parse(t, "inline.yaml", src)
	if sw.Base.Name != "tiny" || sw.Points() != 4 || sw.Design.Levels != 4 {
		t.Errorf("base %q points %d levels %d", sw.Base.Name, sw.Points(), sw.Design.Levels)
	}
	_, err := Parse("inline.yaml", []byte(strings.Replace(src, "households: 60", "households: -1", 1)))
	if err == nil || !strings.Contains(err.Error(), "inline.yaml:1: base") || !strings.Contains(err.Error(), "population.households") {
		t.Errorf("bad inline base: %v", err)
	}
}

// FuzzParseSweep: the parser never panics, and what it accepts resolves to
// a sweep that parses to itself.
func FuzzParseSweep(f *testing.F) {
	f.Add([]byte(small))
	f.Add([]byte(strings.Replace(screen, "DESIGN", "{kind: saltelli, n: 3}", 1)))
	f.Add([]byte("base: bench-reference\nparameters: [{path: monitoring.enabled, levels: [false, true]}, {path: monitoring.lag, levels: [0, 1]}]\ndesign: {kind: grid}\nreplications: 1\nyears: [2021]\n"))
	f.Add([]byte("base: {name: x, years: 2}\nparameters: [{path: poverty.line, min: 1, max: 2}]\ndesign: {kind: morris, n: 2, levels: 2}\nprecision: {half_width: 0.1}\n"))
	f.Add([]byte("base: baseline\nparameters:\n  - path: a.b\n    levels: [1, 1]\ndesign: {kind: grid, levels: -1}\nreplications: 1e9\n"))
	f.Add([]byte("base: disaster-stress\nset: {years: 2, disaster.crop_loss: 0.4}\nparameters: [{path: disaster.probability, min: 0.1, max: 0.3}]\ndesign: {kind: saltelli, n: 2}\nreplications: 1\n"))
	f.Add([]byte("base: {name: x, years: 2, before: {training.rate: 0.1, population.households: 3}}\nparameters: [{path: training.rate, min: 0, max: 0.5}]\ndesign: {kind: morris, n: 2, levels: 2}\nreplications: 1\n"))
	f.Add([]byte("{}"))
	f.Add([]byte("base: &a baseline\nset: {years: *a}\n"))
	f.Add([]byte("base: baseline\nset: {~: 2, null: 3}\nparameters: [{path: poverty.line, min: 1, max: 2}]\ndesign: {kind: grid, levels: 2}\nreplications: 1\n"))
	f.Add([]byte("base: {name: x, before: {? : 0.1}}\nset: {years: 2, years: 3}\nparameters: [{path: poverty.line, min: 1, max: 2, min: 0}]\ndesign: {kind: grid, levels: 2}\nreplications: 1\n"))
	l := &Loader{MaxPoints: 200}
	f.Fuzz(func(t *testing.T, data []byte) {
		sw, err := l.Parse("fuzz.yaml", data)
		if err != nil {
			if sw != nil {
				t.Fatal("a sweep and an error")
			}
			if !strings.Contains(err.Error(), "fuzz.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if sw.Points() < 1 || sw.Points() > 200 {
			t.Fatalf("%d points", sw.Points())
		}
		again, err := l.Parse("resolved.yaml", sw.Resolved())
		if err != nil {
			t.Fatalf("resolved sweep does not parse: %v\n%s", err, sw.Resolved())
		}
		if again.Hash() != sw.Hash() {
			t.Fatalf("resolving is not idempotent")
		}
	})
}

func TestWarnTimelineOverride(t *testing.T) {
	sw := parse(t, "warn.yaml", `base: bench-reference
set: {population.households: 50}
parameters: [{path: transfers.subsidy.level, min: 0.5, max: 1}]
design: {kind: latin-hypercube, n: 2}
replications: 1
`)
	if len(sw.Warnings) != 1 || !strings.Contains(sw.Warnings[0], "warn.yaml:3: transfers.subsidy.level: the base scenario's timeline sets it from 2026 on") {
		t.Errorf("warnings %q", sw.Warnings)
	}
}
