package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis/report"
)

// Every kind of chart, from a simulation, as SVG; one as PNG.
func TestPlotCommand(t *testing.T) {
	dir := t.TempDir()
	for _, kind := range report.Kinds {
		out := filepath.Join(dir, kind+".svg")
		stdout, _ := mustPovsim(t, append([]string{"plot", kind, "baseline", "cut-subsidy", "--out", out}, figArgs...)...)
		if !strings.Contains(stdout, out) {
			t.Errorf("%s: stdout %q does not name the file", kind, stdout)
		}
		svg := readFile(t, out)
		if !bytes.HasPrefix(svg, []byte("<?xml")) || !bytes.Contains(svg, []byte("<svg")) || !bytes.Contains(svg, []byte("baseline")) {
			t.Errorf("%s: not an SVG chart naming the scenarios", kind)
		}
	}
	out := filepath.Join(dir, "rates.png")
	mustPovsim(t, append([]string{"plot", "rates", "baseline", "cut-subsidy", "--format", "png", "--out", out, "--width", "10", "--height", "8"}, figArgs...)...)
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", out, err)
	}
	// 10 cm × 8 cm at 150 dpi.
	if b := img.Bounds(); b.Dx() != 591 || b.Dy() != 472 {
		t.Errorf("PNG of %v, want 591 × 472 pixels", b)
	}
}

// The default file is KIND.FORMAT in the working folder, the format the
// extension's when not given.
func TestPlotTarget(t *testing.T) {
	for _, c := range []struct {
		out, format         string
		wantOut, wantFormat string
		err                 string
	}{
		{"", "", "rates.svg", "svg", ""},
		{"", "png", "rates.png", "png", ""},
		{"fig.png", "", "fig.png", "png", ""},
		{"fig.PNG", "PNG", "fig.PNG", "png", ""},
		{"fig", "", "fig", "svg", ""},
		{"fig.svg", "png", "", "", "disagree"},
		{"", "pdf", "", "", "svg or png"},
	} {
		out, format, err := plotTarget("rates", c.out, c.format)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("plotTarget(%q, %q): error %v, want %q", c.out, c.format, err, c.err)
			}
			continue
		}
		if err != nil || out != c.wantOut || format != c.wantFormat {
			t.Errorf("plotTarget(%q, %q) = %q, %q, %v; want %q, %q", c.out, c.format, out, format, err, c.wantOut, c.wantFormat)
		}
	}
}

func TestPlotFromFolder(t *testing.T) {
	dir := t.TempDir()
	res := filepath.Join(dir, "results")
	mustPovsim(t, append([]string{"compare", "baseline", "cut-subsidy", "--out", res}, figArgs...)...)
	out := filepath.Join(dir, "difference.svg")
	mustPovsim(t, "plot", "difference", "--from", res, "--out", out)
	if svg := readFile(t, out); !bytes.Contains(svg, []byte("cut-subsidy − baseline")) {
		t.Errorf("difference chart from %s does not name the difference", res)
	}
}

func TestPlotBadInput(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"plot"}, "requires at least 1 arg"},
		{[]string{"plot", "pie", "baseline"}, `unknown chart "pie"; want one of`},
		{[]string{"plot", "rats", "baseline"}, `unknown chart "rats" (did you mean "rates"?)`},
		{[]string{"plot", "sobl", "r.parquet"}, `unknown chart "sobl" (did you mean "sobol"?)`},
		{[]string{"plot", "sobol"}, "want the results file of a sweep"},
		{[]string{"plot", "sobol", filepath.Join(dir, "none.parquet")}, "none.parquet"},
		{[]string{"plot", "rates"}, "no scenario"},
		{append([]string{"plot", "difference", "baseline", "--out", filepath.Join(dir, "d.svg")}, figArgs...), "nothing to compare"},
		{[]string{"plot", "rates", "baseline", "--width", "0"}, "--width"},
		{[]string{"plot", "rates", "baseline", "--format", "pdf"}, "svg or png"},
	} {
		code, _, errs := povsim(t, c.args...)
		if code != exitError || !strings.Contains(errs, c.want) {
			t.Errorf("povsim %s: exit %d, stderr %q; want exit %d mentioning %q", strings.Join(c.args, " "), code, errs, exitError, c.want)
		}
	}
}

// A small sweep of three parameters over 100 households and 2 years.
const plotSweepFile = `name: plot
base: baseline
set: {population.households: 100, population.village_size: 50, years: 2}
parameters:
  - {path: poverty.line, min: 3000, max: 5000}
  - {path: transfers.subsidy.level, min: 0, max: 1}
  - {path: monitoring.detection, min: 0.2, max: 0.9}
design: DESIGN
replications: 2
outcomes: [return_rate, cost]
seed: 5
`

func runPlotSweep(t *testing.T, dir, name, design string) string {
	t.Helper()
	src := filepath.Join(dir, name+".yaml")
	if err := os.WriteFile(src, []byte(strings.Replace(plotSweepFile, "DESIGN", design, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	res := filepath.Join(dir, name+".parquet")
	mustPovsim(t, "sweep", src, "--out", res)
	return res
}

// Charts of a sweep: Sobol indices of a Saltelli design, Morris μ*/σ of a
// Morris design, and the outcome against each swept parameter.
func TestPlotSweep(t *testing.T) {
	dir := t.TempDir()
	saltelli := runPlotSweep(t, dir, "saltelli", "{kind: saltelli, n: 8}")
	morris := runPlotSweep(t, dir, "morris", "{kind: morris, n: 4, levels: 4}")

	sobol := filepath.Join(dir, "sobol.svg")
	mustPovsim(t, "plot", "sobol", saltelli, "--out", sobol)
	if svg := readFile(t, sobol); !bytes.Contains(svg, []byte("Total (ST)")) || !bytes.Contains(svg, []byte("poverty.line")) ||
		!bytes.Contains(svg, []byte("income poverty of the formerly poor")) {
		t.Errorf("Sobol chart without the indices, the parameters or the outcome")
	}
	mo := filepath.Join(dir, "morris.png")
	mustPovsim(t, "plot", "morris", morris, "--out", mo, "--outcome", "cost")
	if b := readFile(t, mo); !bytes.HasPrefix(b, []byte("\x89PNG")) {
		t.Errorf("%s is not a PNG", mo)
	}
	stdout, _ := mustPovsim(t, "plot", "scatter", saltelli, "--out", filepath.Join(dir, "scatter.svg"))
	for _, p := range []string{"poverty.line", "transfers.subsidy.level", "monitoring.detection"} {
		f := filepath.Join(dir, "scatter-"+p+".svg")
		if !strings.Contains(stdout, f) {
			t.Errorf("no %s written: %q", f, stdout)
		} else if svg := readFile(t, f); !bytes.Contains(svg, []byte("against")) || !bytes.Contains(svg, []byte(">"+p+"<")) {
			t.Errorf("%s is not the outcome against %s", f, p)
		}
	}
	one := filepath.Join(dir, "one.svg")
	mustPovsim(t, "plot", "scatter", saltelli, "--param", "poverty.line", "--year", "2021", "--out", one)
	if svg := readFile(t, one); !bytes.Contains(svg, []byte("2021 against poverty.line")) {
		t.Errorf("scatter --param --year: not the outcome of 2021 against poverty.line")
	}

	// A POVSIM_* variable is meant for every command that takes the flag:
	// a chart of a sweep reads past it.
	t.Setenv("POVSIM_HOUSEHOLDS", "200")
	mustPovsim(t, "plot", "morris", morris, "--out", filepath.Join(dir, "env.svg"))
	os.Unsetenv("POVSIM_HOUSEHOLDS")

	cfg := filepath.Join(dir, "flags.yaml")
	if err := os.WriteFile(cfg, []byte("width: 12\noutcome: retrun_rate\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"plot", "sobol", saltelli, "--config", cfg}, cfg + `:2: outcome: got "retrun_rate", want an outcome the sweep recorded: return_rate, cost (did you mean "return_rate"?)`},
		{[]string{"plot", "sobol", morris}, "plot morris for a morris design"},
		{[]string{"plot", "morris", saltelli}, "plot sobol for a saltelli design"},
		{[]string{"plot", "sobol", saltelli, "--outcome", "headcount"}, `--outcome: got "headcount", want an outcome the sweep recorded: return_rate, cost`},
		{[]string{"plot", "scatter", saltelli, "--year", "2030"}, "--year: got 2030, want a year the sweep recorded"},
		{[]string{"plot", "scatter", saltelli, "--param", "labor.wage_sigma"}, `--param: got "labor.wage_sigma", want a parameter the sweep varied: poverty.line`},
		// The sweep simulated its results: simulation flags would be ignored.
		{[]string{"plot", "morris", morris, "--households", "200"}, "plot morris " + morris + " and --households 200: the sweep simulated its results already"},
		{[]string{"plot", "sobol", saltelli, "--reps", "3"}, "and --reps 3: the sweep simulated"},
		{[]string{"plot", "scatter", saltelli, "--seed", "9"}, "and --seed 9: the sweep simulated"},
		{[]string{"plot", "scatter", saltelli, "--set", "monitoring.lag=1"}, "and --set monitoring.lag=1: the sweep simulated"},
		{[]string{"plot", "sobol", saltelli, "--draws", "none"}, "and --draws none: the sweep simulated"},
	} {
		code, _, errs := povsim(t, append(c.args, "--out", filepath.Join(dir, "x.svg"))...)
		if code != exitError || !strings.Contains(errs, c.want) {
			t.Errorf("povsim %s: exit %d, stderr %q; want exit %d mentioning %q", strings.Join(c.args, " "), code, errs, exitError, c.want)
		}
	}
}

// plot morris with a whole-number parameter whose Morris steps round to no
// change (no σ, or no μ* at all) draws the other parameters and names it,
// instead of failing with "Effect is NaN".
func TestPlotMorrisUndefined(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "lab.yaml")
	if err := os.WriteFile(src, []byte(`base: baseline
set: {population.households: 100, population.village_size: 50, years: 2}
parameters:
  - {path: population.laborers_max, min: 1.4, max: 2.6}
  - {path: monitoring.detection, min: 0.2, max: 0.9}
design: {kind: morris, n: 2, levels: 6}
replications: 2
outcomes: [return_rate]
seed: 1
`), 0o644); err != nil {
		t.Fatal(err)
	}
	res := filepath.Join(dir, "lab.parquet")
	mustPovsim(t, "sweep", src, "--out", res)
	out := filepath.Join(dir, "morris.svg")
	_, errs := mustPovsim(t, "plot", "morris", res, "--out", out)
	if !strings.Contains(errs, "not drawn, no μ* or σ estimated: population.laborers_max") || !strings.Contains(errs, "round to no change") {
		t.Errorf("stderr does not name the parameter left out and why: %q", errs)
	}
	if svg := readFile(t, out); !bytes.Contains(svg, []byte("population.laborers_max")) || !bytes.Contains(svg, []byte(">monitoring.detection<")) {
		t.Errorf("the chart does not draw monitoring.detection and name population.laborers_max")
	}
}
