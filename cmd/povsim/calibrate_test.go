package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const smallTargets = `name: small
parameters:
  - path: labor.local_wage_mu
    range: [9.0, 9.8]
  - path: monitoring.detection
    range: [0.3, 0.95]
targets:
  - outcome: income
    years: [2021, 2023]
    value: 11000
    se: 300
    tolerance: 900
    source: test
    reliability: D
  - outcome: monitored
    year: 2022
    value: 20
    se: 4
    tolerance: 12
    source: test
    reliability: D
  - outcome: return_rate
    year: 2023
    value: 0.06
    se: 0.01
    tolerance: 0.03
    source: test
    reliability: D
`

// TestCalibrateSameBytes: the same seed gives the same calibrated.yaml,
// fit.csv and draws with one worker or two; a second run that finds the
// first's cache evaluates nothing and writes the same bytes.
func TestCalibrateSameBytes(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "targets.yaml")
	os.WriteFile(file, []byte(smallTargets), 0o644)
	args := []string{"calibrate", file, "--households", "200", "--reps", "2", "--years", "3", "--particles", "12", "--rounds", "2", "--max-evals", "40"}
	outs := []string{filepath.Join(dir, "w1"), filepath.Join(dir, "w2"), filepath.Join(dir, "again")}
	for i, extra := range [][]string{{"--workers", "1"}, {"--workers", "2"}, {"--workers", "2", "--cache", filepath.Join(outs[0], "cache")}} {
		code, stdout, stderr := povsim(t, append(append(args, "--out", outs[i]), extra...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", extra, code, stderr)
		}
		if i == 2 && !strings.Contains(stdout, "read from the cache") {
			t.Errorf("rerun: %q", stdout)
		}
		if i == 2 {
			var total, kept int
			if _, err := fmtSscanEvals(stdout, &total, &kept); err != nil || total != kept || total == 0 {
				t.Errorf("rerun from the cache: %d evaluations, %d from the cache (%v); want all", total, kept, err)
			}
		}
	}
	for _, name := range []string{"calibrated.yaml", "fit.csv", "draws.csv", "draws.parquet"} {
		a, err := os.ReadFile(filepath.Join(outs[0], name))
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range outs[1:] {
			b, _ := os.ReadFile(filepath.Join(o, name))
			if !bytes.Equal(a, b) {
				t.Errorf("%s differs between %s and %s", name, outs[0], o)
			}
		}
	}
	// The calibrated scenario is usable by every command.
	if code, _, stderr := povsim(t, "run", filepath.Join(outs[0], "calibrated.yaml"), "--households", "100", "--reps", "2", "--years", "2"); code != 0 {
		t.Errorf("run calibrated.yaml: %s", stderr)
	}
	if code, _, stderr := povsim(t, "compare", "baseline", "cut-subsidy", "--draws", filepath.Join(outs[0], "draws.parquet"), "--households", "100", "--reps", "4", "--years", "7"); code != 0 {
		t.Errorf("compare --draws draws.parquet: %s", stderr)
	}
}

func fmtSscanEvals(s string, total, kept *int) (int, error) {
	i := strings.Index(s, ": ")
	return fmt.Sscanf(s[i+2:], "%d evaluations (%d read from the cache)", total, kept)
}

func TestCalibrateBadFlags(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "targets.yaml")
	os.WriteFile(file, []byte(smallTargets), 0o644)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"calibrate", file}, "--out"},
		{[]string{"calibrate", file, "--out", dir, "--method", "mcmc"}, `--method: got "mcmc"`},
		{[]string{"calibrate", file, "--out", dir, "--particles", "1"}, "--particles: got 1"},
		{[]string{"calibrate", file, "--out", dir, "--years", "1"}, "outside the simulated years 2021–2021"},
		{[]string{"calibrate", filepath.Join(dir, "none.yaml"), "--out", dir}, "none.yaml"},
		{[]string{"calibrate", file, "--out", dir, "--set", "monitoring.detection=0.5"}, "is fitted by"},
	} {
		code, _, stderr := povsim(t, c.args...)
		if code == 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: exit %d, %q; want an error with %q", c.args, code, stderr, c.want)
		}
	}
}
