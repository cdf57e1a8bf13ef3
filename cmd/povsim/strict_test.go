package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/povsim/povsim/analysis"
	"github.com/spf13/cobra"
)

// Every input path is as strict as the command line: POVSIM_* variables,
// --config files and --set values that are not what their flag or
// parameter takes are refused, naming where the value came from. So are
// sizes that cannot fit in memory.
func TestStrictInputPaths(t *testing.T) {
	dir := t.TempDir()
	n := 0
	config := func(text string) string {
		n++
		p := filepath.Join(dir, fmt.Sprintf("c%d.yaml", n))
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct {
		name string
		env  map[string]string
		args []string
		want []string
	}{
		{"env word for a number", map[string]string{"POVSIM_HOUSEHOLDS": "ten"}, []string{"run"}, []string{"POVSIM_HOUSEHOLDS=ten: want a whole number (for --households)"}},
		{"env reps", map[string]string{"POVSIM_REPS": "abc"}, []string{"run"}, []string{"POVSIM_REPS=abc: want a whole number (for --reps)"}},
		{"env fraction", map[string]string{"POVSIM_WORKERS": "1.5"}, []string{"run"}, []string{"POVSIM_WORKERS=1.5: want a whole number"}},
		{"env negative seed", map[string]string{"POVSIM_SEED": "-3"}, []string{"run"}, []string{"POVSIM_SEED=-3: want a whole number ≥ 0"}},
		{"config word", nil, []string{"run", "--config", config("households: ten\n")}, []string{"c1.yaml: households: got \"ten\", want a whole number"}},
		{"config fraction", nil, []string{"run", "--config", config("reps: 2.5\n")}, []string{"c2.yaml: reps: got 2.5, want a whole number"}},
		{"config list", nil, []string{"run", "--config", config("years: [1]\n")}, []string{"c3.yaml: years: got a list, want a whole number"}},
		{"config precision", nil, []string{"compare", "baseline", "cut-subsidy", "--config", config("precision: high\n")}, []string{"c4.yaml: precision: got \"high\", want a number"}},
		{"unbalanced --set", nil, []string{"run", "--set", "population.size_weights=[1,2"}, []string{"--set population.size_weights=[1,2: want a list written [a, b, …] with its brackets closed"}},
		{"reps beyond memory", nil, []string{"run", "--reps", "1000000000"}, []string{"--reps: got 1000000000, want at most 100000", "about 16000 GB"}},
		{"max-reps beyond memory", nil, []string{"compare", "baseline", "cut-subsidy", "--precision", "0.01", "--max-reps", "1000000000"}, []string{"--max-reps: got 1000000000, want at most 100000"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			code, _, errs := povsim(t, c.args...)
			if code != exitError {
				t.Fatalf("exit %d, want 1: %s", code, errs)
			}
			for _, w := range c.want {
				if !strings.Contains(errs, w) {
					t.Errorf("message lacks %q:\n%s", w, errs)
				}
			}
		})
	}
	// Values of the right type pass.
	t.Setenv("POVSIM_REPS", "2")
	if code, _, errs := povsim(t, "run", "--households", "200", "--years", "3", "--config", config("seed: 4\nformat: csv\nset: [transfers.subsidy.level=0.5]\n")); code != exitOK {
		t.Errorf("good values refused: %s", errs)
	}
}

// merge names the files it cannot merge, not "input 1" and "input 2".
func TestMergeNamesFiles(t *testing.T) {
	dir := t.TempDir()
	file := writeSweep(t, dir, sweepFile)
	a, b := filepath.Join(dir, "a.parquet"), filepath.Join(dir, "b.parquet")
	okPovsim(t, "sweep", file, "--shard", "1/2", "--out", a, "--no-cache")
	okPovsim(t, "sweep", file, "--shard", "1/2", "--out", b, "--no-cache")
	code, _, errs := povsim(t, "merge", "--out", filepath.Join(dir, "m.parquet"), a, b)
	if code != exitError || !strings.Contains(errs, "shard 1/2 is given twice ("+a+" and "+b+")") || strings.Contains(errs, "input 1") {
		t.Errorf("exit %d: %s", code, errs)
	}
}

// FuzzConfig: a --config file of any bytes is taken or refused with the
// file named, never with a panic, and what is taken is checked as flags
// are (no negative replications or workers slip through as 0, no measure
// but registered or poverty for --precision-outcome).
func FuzzConfig(f *testing.F) {
	for _, s := range []string{
		"reps: 5\nseed: 3\n", "households: ten\n", "reps: 2.5\n", "set: [a=1, 2]\n", "years: [1]\n",
		"workers: {a: 1}\n", "seed: -1\n", "reps: 1e3\n", "format: 5\n", "out: [a]\n", "reps: .inf\n", ": :\n",
		"precision: 0.0001\nprecision-outcome: poverty\n", "precision-outcome: income\n", "precision-outcome: [registered]\n", "precision-outcome: 2\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		p := filepath.Join(t.TempDir(), "c.yaml")
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		fl := &compareFlags{}
		cmd := &cobra.Command{Use: "compare", RunE: func(*cobra.Command, []string) error { return nil }}
		fl.runFlags.register(cmd)
		fl.registerPrecision(cmd)
		if err := cmd.ParseFlags([]string{"--config", p}); err != nil {
			t.Fatal(err)
		}
		if err := fl.resolve(cmd); err != nil {
			if !strings.Contains(err.Error(), p) && !strings.HasPrefix(err.Error(), "--") {
				t.Fatalf("error names neither the file nor a flag: %v", err)
			}
			return
		}
		if fl.reps < 1 || fl.workers < 1 || fl.households < 0 || fl.years < 0 || fl.precision < 0 || fl.precision >= 1 ||
			(fl.measure != analysis.MeasureRegistered && fl.measure != analysis.MeasurePoverty) {
			t.Fatalf("accepted %+v", fl)
		}
	})
}
